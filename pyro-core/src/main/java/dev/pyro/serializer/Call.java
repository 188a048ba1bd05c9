package dev.pyro.serializer;

import java.util.List;
import java.util.Map;

/**
 * The content of an INVOKE message.
 *
 * @param objectId the target object's id in the daemon
 * @param method   the method name, or {@code __getattr__}/{@code __setattr__}/{@code <batch>}
 * @param args     positional arguments (plain values)
 * @param kwargs   keyword arguments, or {@code null} (attribute access, batch)
 */
public record Call(String objectId, String method, List<Object> args, Map<String, Object> kwargs) {
}
