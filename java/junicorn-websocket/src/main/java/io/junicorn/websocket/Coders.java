package io.junicorn.websocket;

import jakarta.websocket.DecodeException;
import jakarta.websocket.Decoder;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Encoder;
import jakarta.websocket.EndpointConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One session's encoders and decoders, made from its EndpointConfig's classes when it opens (init) and destroyed
 * when it closes, as each session gets its own instances (JSR 356 §4.1.4).
 */
final class Coders {
    /** Which of the four Decoder/Encoder flavours a class is. */
    enum Flavour {
        TEXT(true), TEXT_STREAM(true), BINARY(false), BINARY_STREAM(false);

        final boolean text;

        Flavour(boolean text) {
            this.text = text;
        }
    }

    /** A coder class with its flavour and the type it decodes or encodes. */
    record Described(Class<?> coderClass, Flavour flavour, Class<?> type) {
    }

    private record Coder(Object instance, Described described) {
    }

    private final List<Coder> decoders;
    private final List<Coder> encoders;

    private Coders(List<Coder> decoders, List<Coder> encoders) {
        this.decoders = decoders;
        this.encoders = encoders;
    }

    /** What a decoder class decodes, checked when an endpoint is deployed. */
    static Described describeDecoder(Class<? extends Decoder> decoder) throws DeploymentException {
        return describe(decoder, Decoder.Text.class, Decoder.TextStream.class, Decoder.Binary.class,
                Decoder.BinaryStream.class, "decoder");
    }

    static Described describeEncoder(Class<? extends Encoder> encoder) throws DeploymentException {
        return describe(encoder, Encoder.Text.class, Encoder.TextStream.class, Encoder.Binary.class,
                Encoder.BinaryStream.class, "encoder");
    }

    private static Described describe(Class<?> coder, Class<?> text, Class<?> textStream, Class<?> binary,
                                      Class<?> binaryStream, String what) throws DeploymentException {
        Class<?>[] interfaces = {text, textStream, binary, binaryStream};
        for (Flavour flavour : Flavour.values()) {
            Class<?> generic = interfaces[flavour.ordinal()];
            if (generic.isAssignableFrom(coder)) {
                Class<?> type = GenericTypes.argument(coder, generic);
                if (type == null) {
                    throw new DeploymentException("the " + what + " " + coder.getName() + " does not say which type it"
                            + " handles: implement " + generic.getName().replace('$', '.') + "<YourType>");
                }
                requirePublicConstructor(coder, what);
                return new Described(coder, flavour, type);
            }
        }
        throw new DeploymentException(coder.getName() + " is not a " + what + ": it implements none of "
                + text.getName() + "'s four flavours");
    }

    private static void requirePublicConstructor(Class<?> coder, String what) throws DeploymentException {
        try {
            coder.getConstructor();
        } catch (NoSuchMethodException e) {
            throw new DeploymentException("the " + what + " " + coder.getName() + " has no public no-argument"
                    + " constructor");
        }
    }

    /**
     * Whether the decoders make {@code type} from text messages (true), binary ones (false), or cannot make it
     * (null).
     */
    static Boolean decodesFromText(List<Class<? extends Decoder>> decoderClasses, Class<?> type)
            throws DeploymentException {
        for (Class<? extends Decoder> decoder : decoderClasses) {
            Described described = describeDecoder(decoder);
            if (type.isAssignableFrom(described.type())) {
                return described.flavour().text;
            }
        }
        return null;
    }

    /** The instances for one session, each init()ed with its config. */
    static Coders open(EndpointConfig config) throws DeploymentException {
        List<Coder> decoders = new ArrayList<>();
        List<Coder> encoders = new ArrayList<>();
        Coders coders = new Coders(decoders, encoders);
        try {
            for (Class<? extends Decoder> decoder : config.getDecoders()) {
                Decoder instance = (Decoder) instantiate(describeDecoder(decoder));
                decoders.add(new Coder(instance, describeDecoder(decoder)));
                instance.init(config);
            }
            for (Class<? extends Encoder> encoder : config.getEncoders()) {
                Encoder instance = (Encoder) instantiate(describeEncoder(encoder));
                encoders.add(new Coder(instance, describeEncoder(encoder)));
                instance.init(config);
            }
        } catch (DeploymentException | RuntimeException e) {
            coders.destroy();
            throw e;
        }
        return coders;
    }

    private static Object instantiate(Described described) throws DeploymentException {
        try {
            return described.coderClass().getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new DeploymentException("cannot create " + described.coderClass().getName() + ": " + e, e);
        }
    }

    void destroy() {
        for (Coder decoder : decoders) {
            ((Decoder) decoder.instance()).destroy();
        }
        for (Coder encoder : encoders) {
            ((Encoder) encoder.instance()).destroy();
        }
    }

    /** A whole text message as {@code type}: by the first text decoder for the type that will decode it. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object decodeText(String message, Class<?> type) throws DecodeException, IOException {
        for (Coder decoder : decoders) {
            if (!decoder.described().flavour().text || !type.isAssignableFrom(decoder.described().type())) {
                continue;
            }
            if (decoder.instance() instanceof Decoder.TextStream stream) {
                return stream.decode(new StringReader(message));
            }
            Decoder.Text text = (Decoder.Text) decoder.instance();
            if (text.willDecode(message)) {
                return text.decode(message);
            }
        }
        throw new DecodeException(message, "no decoder of this endpoint will decode the text message as "
                + type.getName());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    Object decodeBinary(ByteBuffer message, Class<?> type) throws DecodeException, IOException {
        for (Coder decoder : decoders) {
            if (decoder.described().flavour().text || !type.isAssignableFrom(decoder.described().type())) {
                continue;
            }
            if (decoder.instance() instanceof Decoder.BinaryStream stream) {
                ByteBuffer copy = message.duplicate();
                byte[] bytes = new byte[copy.remaining()];
                copy.get(bytes);
                return stream.decode(new ByteArrayInputStream(bytes));
            }
            Decoder.Binary binary = (Decoder.Binary) decoder.instance();
            if (binary.willDecode(message.duplicate())) {
                return binary.decode(message.duplicate());
            }
        }
        throw new DecodeException(message, "no decoder of this endpoint will decode the binary message as "
                + type.getName());
    }

    /**
     * An object to send: a String (a text message) or a ByteBuffer (binary), by the first encoder for its class,
     * else by the spec's own rules (primitives and their boxes as text, String, ByteBuffer and byte[] as they are).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    Object encode(Object data) throws EncodeException, IOException {
        for (Coder encoder : encoders) {
            if (!encoder.described().type().isInstance(data)) {
                continue;
            }
            return switch (encoder.instance()) {
                case Encoder.Text text -> text.encode(data);
                case Encoder.TextStream stream -> {
                    StringWriter writer = new StringWriter();
                    stream.encode(data, writer);
                    yield writer.toString();
                }
                case Encoder.Binary binary -> binary.encode(data);
                case Encoder.BinaryStream stream -> {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    stream.encode(data, bytes);
                    yield ByteBuffer.wrap(bytes.toByteArray());
                }
                default -> throw new IllegalStateException("not an encoder: " + encoder.instance());
            };
        }
        if (data instanceof String || data instanceof ByteBuffer) {
            return data;
        }
        if (data instanceof byte[] bytes) {
            return ByteBuffer.wrap(bytes);
        }
        if (data != null && TextConversions.converts(data.getClass())) {
            return data.toString();
        }
        throw new EncodeException(data, "no encoder of this endpoint encodes "
                + (data == null ? "null" : data.getClass().getName()));
    }
}
