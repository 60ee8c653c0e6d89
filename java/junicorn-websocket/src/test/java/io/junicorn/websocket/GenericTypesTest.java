package io.junicorn.websocket;

import jakarta.websocket.MessageHandler;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GenericTypesTest {
    static class Direct implements MessageHandler.Whole<String> {
        @Override
        public void onMessage(String message) {
        }
    }

    abstract static class Base<T> implements MessageHandler.Partial<T> {
    }

    static class Indirect extends Base<ByteBuffer> {
        @Override
        public void onMessage(ByteBuffer part, boolean last) {
        }
    }

    interface Named<N> extends MessageHandler.Whole<N> {
    }

    static class ThroughInterface implements Named<List<String>> {
        @Override
        public void onMessage(List<String> message) {
        }
    }

    @Test
    void typeArgumentsAreFollowedThroughSuperclassesAndInterfaces() {
        assertEquals(String.class, GenericTypes.argument(Direct.class, MessageHandler.Whole.class));
        assertEquals(ByteBuffer.class, GenericTypes.argument(Indirect.class, MessageHandler.Partial.class));
        assertEquals(List.class, GenericTypes.argument(ThroughInterface.class, MessageHandler.Whole.class));
        assertEquals(String.class, GenericTypes.argument(new MessageHandler.Whole<String>() {
            @Override
            public void onMessage(String message) {
            }
        }.getClass(), MessageHandler.Whole.class));
    }

    @Test
    void aLambdaKeepsNoTypeArgument() {
        MessageHandler.Whole<String> lambda = message -> { };
        assertNull(GenericTypes.argument(lambda.getClass(), MessageHandler.Whole.class));
    }
}
