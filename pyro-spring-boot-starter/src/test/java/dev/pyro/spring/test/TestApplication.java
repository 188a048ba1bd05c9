package dev.pyro.spring.test;

import dev.pyro.spring.PyroObject;
import dev.pyro.spring.autoconfigure.InMemoryWarehouse;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The application the test-support tests start: it exports a warehouse. */
@SpringBootConfiguration
@EnableAutoConfiguration
public class TestApplication {

    @Bean
    @PyroObject("shop.warehouse")
    InMemoryWarehouse warehouse() {
        return new InMemoryWarehouse();
    }
}
