package io.junicorn.websocket;

import jakarta.websocket.CloseReason;
import jakarta.websocket.DecodeException;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.PathParam;

import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * An annotated endpoint class, checked once when it is deployed (JSR 356 §4): its @OnOpen, @OnClose, @OnError and
 * @OnMessage methods with how each parameter is filled. Anything the spec does not allow fails deployment with a
 * DeploymentException that names the method.
 */
final class AnnotatedEndpointModel {
    /** What a lifecycle or message callback is invoked with. */
    record Call(Session session, EndpointConfig config, Object message, boolean last, Throwable error,
                CloseReason reason) {
    }

    /** One parameter's value for a call. */
    interface Argument {
        Object value(Call call) throws DecodeException;
    }

    /** A public method and how to fill its parameters. */
    record Callback(Method method, List<Argument> arguments) {
        Object invoke(Object instance, Call call) throws DecodeException {
            Object[] values = new Object[arguments.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = arguments.get(i).value(call);
            }
            try {
                return method.invoke(instance, values);
            } catch (InvocationTargetException e) {
                throw e.getCause() instanceof RuntimeException runtime ? runtime : new EndpointFailure(e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot call " + method + ": " + e.getMessage(), e);
            }
        }
    }

    /** An @OnMessage method: the kind of message, whether it takes parts, its message type and size limit. */
    record MessageCallback(Callback callback, HandlerBinding.Kind kind, boolean partial, Class<?> type,
                           long maxMessageSize) {
    }

    final Class<?> endpointClass;
    final Callback onOpen;
    final Callback onClose;
    final Callback onError;
    final List<MessageCallback> onMessage;

    private AnnotatedEndpointModel(Class<?> endpointClass, Callback onOpen, Callback onClose, Callback onError,
                                   List<MessageCallback> onMessage) {
        this.endpointClass = endpointClass;
        this.onOpen = onOpen;
        this.onClose = onClose;
        this.onError = onError;
        this.onMessage = onMessage;
    }

    /**
     * @param config        the endpoint's config (its decoders tell which classes a message can be)
     * @param pathVariables the variables of the endpoint's path, which @PathParam may name
     */
    static AnnotatedEndpointModel of(Class<?> endpointClass, EndpointConfig config, Set<String> pathVariables)
            throws DeploymentException {
        rejectNonPublicCallbacks(endpointClass);
        Callback onOpen = null;
        Callback onClose = null;
        Callback onError = null;
        List<MessageCallback> onMessage = new ArrayList<>();
        EnumSet<HandlerBinding.Kind> kinds = EnumSet.noneOf(HandlerBinding.Kind.class);
        for (Method method : endpointClass.getMethods()) {
            if (method.isBridge() || method.isSynthetic()) {
                continue;
            }
            if (method.isAnnotationPresent(OnOpen.class)) {
                onOpen = unique(onOpen, lifecycle(method, pathVariables, EndpointConfig.class), OnOpen.class);
            }
            if (method.isAnnotationPresent(OnClose.class)) {
                onClose = unique(onClose, lifecycle(method, pathVariables, CloseReason.class), OnClose.class);
            }
            if (method.isAnnotationPresent(OnError.class)) {
                Callback callback = lifecycle(method, pathVariables, Throwable.class);
                if (method.getParameterCount() == 0 || java.util.Arrays.stream(method.getParameterTypes())
                        .noneMatch(Throwable.class::equals)) {
                    throw invalid(method, "an @OnError method must take a Throwable");
                }
                onError = unique(onError, callback, OnError.class);
            }
            if (method.isAnnotationPresent(OnMessage.class)) {
                MessageCallback callback = message(method, config, pathVariables);
                if (!kinds.add(callback.kind())) {
                    throw invalid(method, "a second @OnMessage method for " + callback.kind().name().toLowerCase()
                            + " messages (one per kind: text, binary, pong)");
                }
                onMessage.add(callback);
            }
        }
        return new AnnotatedEndpointModel(endpointClass, onOpen, onClose, onError, List.copyOf(onMessage));
    }

    /** @param special the one parameter type besides Session and @PathParam this callback may take */
    private static Callback lifecycle(Method method, Set<String> pathVariables, Class<?> special)
            throws DeploymentException {
        List<Argument> arguments = new ArrayList<>();
        boolean specialSeen = false;
        for (Parameter parameter : method.getParameters()) {
            Argument common = common(method, parameter, pathVariables);
            if (common != null) {
                arguments.add(common);
            } else if (parameter.getType() == special && !specialSeen) {
                specialSeen = true;
                arguments.add(special == EndpointConfig.class ? Call::config
                        : special == CloseReason.class ? Call::reason : Call::error);
            } else {
                throw invalid(method, "a parameter of type " + parameter.getType().getName() + " is not allowed here"
                        + " (Session, " + special.getSimpleName() + " and @PathParam parameters are)");
            }
        }
        accessible(method);
        return new Callback(method, List.copyOf(arguments));
    }

    private static MessageCallback message(Method method, EndpointConfig config, Set<String> pathVariables)
            throws DeploymentException {
        List<Argument> arguments = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        Parameter[] parameters = method.getParameters();
        for (int i = 0; i < parameters.length; i++) {
            Argument common = common(method, parameters[i], pathVariables);
            arguments.add(common);
            if (common == null) {
                candidates.add(i);
            }
        }
        int messageIndex;
        boolean partial = false;
        if (candidates.size() == 1) {
            messageIndex = candidates.getFirst();
        } else if (candidates.size() == 2 && (parameters[candidates.get(0)].getType() == boolean.class
                || parameters[candidates.get(1)].getType() == boolean.class)) {
            int lastIndex = parameters[candidates.get(1)].getType() == boolean.class ? candidates.get(1) : candidates.get(0);
            messageIndex = lastIndex == candidates.get(0) ? candidates.get(1) : candidates.get(0);
            partial = true;
            arguments.set(lastIndex, Call::last);
        } else {
            throw invalid(method, "an @OnMessage method takes one message parameter (and for a partial message a"
                    + " boolean last), besides Session and @PathParam ones; it has " + candidates.size());
        }
        Class<?> type = parameters[messageIndex].getType();
        HandlerBinding.Kind kind;
        try {
            kind = HandlerBinding.of(type, partial, null, config).kind();
        } catch (DeploymentException e) {
            throw invalid(method, e.getMessage());
        }
        arguments.set(messageIndex, Call::message);
        long maxMessageSize = method.getAnnotation(OnMessage.class).maxMessageSize();
        if (maxMessageSize > Integer.MAX_VALUE) {
            throw invalid(method, "maxMessageSize " + maxMessageSize + " is over the largest buffer, "
                    + Integer.MAX_VALUE);
        }
        if (kind == HandlerBinding.Kind.PONG && method.getReturnType() != void.class) {
            throw invalid(method, "an @OnMessage method for pongs returns nothing");
        }
        accessible(method);
        return new MessageCallback(new Callback(method, List.copyOf(arguments)), kind, partial, type, maxMessageSize);
    }

    /** Session and @PathParam, which every callback may take; null for any other parameter. */
    private static Argument common(Method method, Parameter parameter, Set<String> pathVariables)
            throws DeploymentException {
        Class<?> type = parameter.getType();
        PathParam pathParam = parameter.getAnnotation(PathParam.class);
        if (pathParam != null) {
            String name = pathParam.value();
            if (type != String.class && !TextConversions.converts(type)) {
                throw invalid(method, "@PathParam(\"" + name + "\") is a " + type.getName() + ": it must be String, a"
                        + " primitive or a primitive's box");
            }
            if (type.isPrimitive() && !pathVariables.contains(name)) {
                throw invalid(method, "@PathParam(\"" + name + "\") names no variable of the endpoint's path " +
                        pathVariables + ", and a " + type.getName() + " cannot be null");
            }
            return call -> {
                String value = call.session().getPathParameters().get(name);
                return value == null || type == String.class ? value : TextConversions.fromText(value, type);
            };
        }
        if (type == Session.class) {
            return Call::session;
        }
        return null;
    }

    private static Callback unique(Callback present, Callback found, Class<? extends Annotation> annotation)
            throws DeploymentException {
        if (present != null) {
            throw invalid(found.method(), "a second @" + annotation.getSimpleName() + " method (the first is "
                    + present.method().getName() + ")");
        }
        return found;
    }

    /** Annotated methods that are not public would silently never be called: refused instead. */
    private static void rejectNonPublicCallbacks(Class<?> endpointClass) throws DeploymentException {
        for (Class<?> type = endpointClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Method method : type.getDeclaredMethods()) {
                boolean annotated = method.isAnnotationPresent(OnOpen.class) || method.isAnnotationPresent(OnClose.class)
                        || method.isAnnotationPresent(OnError.class) || method.isAnnotationPresent(OnMessage.class);
                if (annotated && (!Modifier.isPublic(method.getModifiers()) || Modifier.isStatic(method.getModifiers()))) {
                    throw invalid(method, "a WebSocket callback must be a public instance method");
                }
            }
        }
    }

    /** A public method of a class that is not public (a nested test class, say) is still called. */
    private static void accessible(Method method) {
        method.trySetAccessible();
    }

    private static DeploymentException invalid(Method method, String problem) {
        return new DeploymentException(method.getDeclaringClass().getName() + "." + method.getName() + ": " + problem);
    }
}
