package io.junicorn.websocket;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the scan needs of a class file without loading the class (JVMS §4.1): its name, superclass, interfaces,
 * whether it is concrete, and whether its constant pool mentions @ServerEndpoint's descriptor (an annotated class
 * always does; a mention elsewhere is a false candidate the loaded class's check drops).
 */
record ClassFileSummary(String name, String superName, List<String> interfaces, boolean concrete,
                        boolean mentionsServerEndpoint) {
    private static final byte[] SERVER_ENDPOINT = "Ljakarta/websocket/server/ServerEndpoint;"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final int ACC_INTERFACE = 0x0200;
    private static final int ACC_ABSTRACT = 0x0400;
    private static final int ACC_ANNOTATION = 0x2000;
    private static final int ACC_MODULE = 0x8000;

    /** @throws IOException when the bytes are not a class file */
    static ClassFileSummary read(byte[] bytes) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException("not a class file (no CAFEBABE)");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        int[] classNameIndex = new int[count];
        boolean mentions = false;
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> {
                    byte[] text = new byte[in.readUnsignedShort()];
                    in.readFully(text);
                    mentions |= Arrays.equals(text, SERVER_ENDPOINT);
                    utf8[i] = new String(text, java.nio.charset.StandardCharsets.UTF_8);
                }
                case 7 -> classNameIndex[i] = in.readUnsignedShort();
                case 8, 16, 19, 20 -> in.skipBytes(2);
                case 15 -> in.skipBytes(3);
                case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipBytes(4);
                case 5, 6 -> {
                    in.skipBytes(8);
                    i++; // takes two entries (JVMS §4.4.5)
                }
                default -> throw new IOException("unknown constant pool tag " + tag + " at entry " + i);
            }
        }
        int access = in.readUnsignedShort();
        String name = className(utf8, classNameIndex, in.readUnsignedShort());
        int superIndex = in.readUnsignedShort();
        String superName = superIndex == 0 ? null : className(utf8, classNameIndex, superIndex);
        int interfaceCount = in.readUnsignedShort();
        List<String> interfaces = new ArrayList<>(interfaceCount);
        for (int i = 0; i < interfaceCount; i++) {
            interfaces.add(className(utf8, classNameIndex, in.readUnsignedShort()));
        }
        boolean concrete = (access & (ACC_INTERFACE | ACC_ABSTRACT | ACC_ANNOTATION | ACC_MODULE)) == 0;
        return new ClassFileSummary(name, superName, List.copyOf(interfaces), concrete, mentions);
    }

    private static String className(String[] utf8, int[] classNameIndex, int index) throws IOException {
        if (index <= 0 || index >= classNameIndex.length || utf8[classNameIndex[index]] == null) {
            throw new IOException("constant pool entry " + index + " is not a class");
        }
        return utf8[classNameIndex[index]];
    }
}
