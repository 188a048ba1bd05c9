package dev.pyro.spring.test;

import dev.pyro.spring.PyroReference;
import dev.pyro.spring.autoconfigure.Warehouse;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Service;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;

/** A reference replaced by a mock: no daemon, no name server, nothing listening. */
@SpringBootTest(classes = MockedReferenceTest.App.class,
        properties = {"pyro.daemon.enabled=false", "pyro.nameserver.port=1", "pyro.client.check=fail"})
class MockedReferenceTest {

    @Service
    static class StockReport {
        private final Warehouse warehouse;

        StockReport(@PyroReference("shop.warehouse") Warehouse warehouse) {
            this.warehouse = warehouse;
        }

        String report() {
            return "stock: " + warehouse.stock();
        }
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(StockReport.class)
    static class App {
    }

    @MockitoBean
    Warehouse warehouse;

    @Autowired
    StockReport report;

    @Test
    void whenTheReferencedInterfaceIsMockedThenTheMockIsInjectedAndNothingIsContacted() {
        given(warehouse.stock()).willReturn(Map.of("apples", 7));
        assertThat(report.report()).isEqualTo("stock: {apples=7}");
    }
}
