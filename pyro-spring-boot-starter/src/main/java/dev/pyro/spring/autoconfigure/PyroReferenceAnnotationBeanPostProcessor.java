package dev.pyro.spring.autoconfigure;

import dev.pyro.spring.PyroReference;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValues;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.PriorityOrdered;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Injects {@link PyroReference} fields and setter methods of every bean. It only finds the injection points
 * (once per class); {@link PyroReferences} makes what is injected. Constructor and {@code @Bean} method parameters
 * are handled by {@link PyroReferenceCandidateResolver}.
 */
final class PyroReferenceAnnotationBeanPostProcessor implements InstantiationAwareBeanPostProcessor, BeanFactoryAware,
        PriorityOrdered {

    private record Point(Field field, Method setter, PyroReference annotation) {
        Class<?> type() {
            return field != null ? field.getType() : setter.getParameterTypes()[0];
        }

        String describe() {
            return field != null ? field.getDeclaringClass().getName() + "." + field.getName()
                    : setter.getDeclaringClass().getName() + "." + setter.getName() + "()";
        }
    }

    private final Map<Class<?>, List<Point>> points = new ConcurrentHashMap<>();
    private BeanFactory beanFactory;
    private volatile PyroReferences references;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) {
        this.beanFactory = beanFactory;
    }

    @Override
    public int getOrder() {
        // Right after Spring's own @Autowired processing (LOWEST_PRECEDENCE - 2), so values are in place early.
        return Ordered.LOWEST_PRECEDENCE - 1;
    }

    @Override
    public PropertyValues postProcessProperties(PropertyValues pvs, Object bean, String beanName) throws BeansException {
        List<Point> found = points.computeIfAbsent(ClassUtils.getUserClass(bean), PyroReferenceAnnotationBeanPostProcessor::find);
        for (Point p : found) {
            Object value = references().resolve(p.type(), p.annotation(), p.describe());
            if (p.field() != null) {
                ReflectionUtils.makeAccessible(p.field());
                ReflectionUtils.setField(p.field(), bean, value);
            } else {
                ReflectionUtils.makeAccessible(p.setter());
                ReflectionUtils.invokeMethod(p.setter(), bean, value);
            }
        }
        return pvs;
    }

    private PyroReferences references() {
        PyroReferences r = references;
        if (r == null) {
            r = beanFactory.getBean(PyroReferences.class);
            references = r;
        }
        return r;
    }

    static List<Point> find(Class<?> type) {
        List<Point> out = new ArrayList<>();
        ReflectionUtils.doWithFields(type, f -> {
            PyroReference a = f.getAnnotation(PyroReference.class);
            if (a != null) {
                if (Modifier.isStatic(f.getModifiers())) {
                    throw new PyroConfigurationException(f.getDeclaringClass().getName() + "." + f.getName(),
                            "@PyroReference is on a static field", "Make the field an instance field.", null);
                }
                out.add(new Point(f, null, a));
            }
        });
        ReflectionUtils.doWithMethods(type, m -> {
            PyroReference a = m.getAnnotation(PyroReference.class);
            if (a != null) {
                if (m.getParameterCount() != 1 || Modifier.isStatic(m.getModifiers())) {
                    throw new PyroConfigurationException(m.getDeclaringClass().getName() + "." + m.getName() + "()",
                            "@PyroReference is on a method that is not a setter (one parameter, not static)",
                            "Put it on a setter, a field, or a constructor or @Bean method parameter.", null);
                }
                out.add(new Point(null, m, a));
            }
        }, m -> !m.isBridge() && !m.isSynthetic());
        return List.copyOf(out);
    }

    /** Whether a class has {@link PyroReference} fields or setters (for the guard when Pyro is off). */
    static boolean hasPoints(Class<?> type) {
        return !find(type).isEmpty();
    }
}
