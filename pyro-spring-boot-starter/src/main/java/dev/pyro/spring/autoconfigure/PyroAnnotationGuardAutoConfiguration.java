package dev.pyro.spring.autoconfigure;

import dev.pyro.spring.PyroObject;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.EnvironmentAware;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Annotations never silently do nothing: when {@code pyro.enabled=false} (or {@code pyro.daemon.enabled=false} for
 * {@code @PyroObject}), a bean that carries Pyro's annotations stops startup with a message saying what to do.
 */
@AutoConfiguration
public class PyroAnnotationGuardAutoConfiguration {

    @Bean
    static BeanFactoryPostProcessor pyroAnnotationGuard() {
        return new Guard();
    }

    static final class Guard implements BeanFactoryPostProcessor, EnvironmentAware {
        private Environment environment;

        @Override
        public void setEnvironment(Environment environment) {
            this.environment = environment;
        }

        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
            boolean pyro = environment.getProperty("pyro.enabled", Boolean.class, true);
            boolean daemon = pyro && environment.getProperty("pyro.daemon.enabled", Boolean.class, true);
            if (pyro && daemon) {
                return;
            }
            for (String name : beanFactory.getBeanNamesForAnnotation(PyroObject.class)) {
                throw new PyroConfigurationException("bean '" + name + "'", "it is a @PyroObject but "
                        + (pyro ? "pyro.daemon.enabled=false" : "pyro.enabled=false") + ", so it would not be exported",
                        "Remove @PyroObject, or enable " + (pyro ? "pyro.daemon.enabled" : "pyro.enabled") + ".", null);
            }
            if (pyro) {
                return;
            }
            for (String name : beanFactory.getBeanDefinitionNames()) {
                String className = beanFactory.getBeanDefinition(name).getBeanClassName();
                if (className == null) {
                    continue;
                }
                Class<?> type;
                try {
                    type = ClassUtils.forName(className, beanFactory.getBeanClassLoader());
                } catch (ClassNotFoundException | LinkageError e) {
                    continue;
                }
                if (PyroReferenceAnnotationBeanPostProcessor.hasPoints(type)) {
                    throw new PyroConfigurationException("bean '" + name + "' (" + className + ")",
                            "it has @PyroReference injection points but pyro.enabled=false, so they would stay null",
                            "Remove the @PyroReference annotations, or enable pyro.enabled.", null);
                }
            }
        }
    }
}
