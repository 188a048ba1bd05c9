package dev.pyro.spring.autoconfigure;

import dev.pyro.spring.PyroReference;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/**
 * Answers {@link PyroReference} constructor and {@code @Bean} method parameters (and {@code @Autowired} fields
 * that carry it), the way {@code @Value} is answered: by wrapping the bean factory's candidate resolver.
 */
final class PyroReferenceCandidateResolver implements AutowireCandidateResolver {

    private final AutowireCandidateResolver delegate;
    private final ConfigurableListableBeanFactory beanFactory;

    private PyroReferenceCandidateResolver(AutowireCandidateResolver delegate,
                                           ConfigurableListableBeanFactory beanFactory) {
        this.delegate = delegate;
        this.beanFactory = beanFactory;
    }

    /** Installs the resolver; runs before any bean is made. */
    static final class Installer implements BeanFactoryPostProcessor {
        @Override
        public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
            if (beanFactory instanceof DefaultListableBeanFactory dlbf
                    && !(dlbf.getAutowireCandidateResolver() instanceof PyroReferenceCandidateResolver)) {
                dlbf.setAutowireCandidateResolver(new PyroReferenceCandidateResolver(dlbf.getAutowireCandidateResolver(),
                        beanFactory));
            }
        }
    }

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
        PyroReference annotation = descriptor.getAnnotation(PyroReference.class);
        if (annotation == null) {
            return delegate.getSuggestedValue(descriptor);
        }
        String where = descriptor.getField() != null
                ? descriptor.getField().getDeclaringClass().getName() + "." + descriptor.getField().getName()
                : descriptor.getMethodParameter().getExecutable().toGenericString() + " parameter "
                + descriptor.getMethodParameter().getParameterIndex();
        return beanFactory.getBean(PyroReferences.class).resolve(descriptor.getDependencyType(), annotation, where);
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
        return delegate.isAutowireCandidate(bdHolder, descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
        return delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
        return delegate.hasQualifier(descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
        return delegate.getSuggestedName(descriptor);
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
        return delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
        return new PyroReferenceCandidateResolver(delegate.cloneIfNecessary(), beanFactory);
    }
}
