package dev.pyro.annotations;

import dev.pyro.intercept.CallContext;

import java.nio.charset.StandardCharsets;

/** Tells what the call context of a call held, and answers with a response annotation. */
public class ContextEcho {

    /** "correlation-id XTRA-text", and a response annotation XRSP "from java". */
    public String describe() {
        CallContext context = CallContext.current().orElseThrow();
        byte[] extra = context.annotations().get("XTRA");
        context.responseAnnotations().put("XRSP", "from java".getBytes(StandardCharsets.UTF_8));
        return context.correlationId() + " " + (extra == null ? "-" : new String(extra, StandardCharsets.UTF_8));
    }
}
