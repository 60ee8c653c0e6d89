package io.junicorn.common.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A war named as APP, unpacked as Tomcat unpacks it into {@code webapps/}: WEB-INF/classes and the jars of
 * WEB-INF/lib are the application's class path, the war's root holds its static resources, WEB-INF/lib-provided
 * (what Spring Boot's repackaged war keeps for {@code java -jar} only, Tomcat's jars among them) is left out, as a
 * servlet container leaves it.
 *
 * <p>Why unpacked and not read in place: the JDK's class loaders cannot read a jar inside a jar, so WEB-INF/lib's
 * jars need files anyway (Boot's own launcher reads them in place, but only for its own {@code java -jar}), and
 * {@code getRealPath} promises files. The directory is named after the war's content (SHA-256), under a directory
 * of the user's alone, so that every worker of every generation that boots the same war shares one copy, and a war
 * replaced on disk gets a new one at the next spawn. Whoever comes first unpacks into a directory of its own and
 * renames it into place, atomically: workers booting side by side never see a half-written tree, and the one that
 * loses the rename throws its copy away. Copies of replaced wars are left for the temporary directory's cleaning.
 *
 * @param war  the war as APP named it, absolute
 * @param root the unpacked tree
 */
public record WebArchive(Path war, Path root) {
    private static final String CLASSES = "WEB-INF/classes";
    private static final String LIB = "WEB-INF/lib";

    /** True when APP names a war. */
    public static boolean isWar(String path) {
        return path.toLowerCase(Locale.ROOT).endsWith(".war");
    }

    /** Unpacks {@code war} under {@code java.io.tmpdir}, or finds it unpacked; throws IOException saying why not. */
    public static WebArchive unpack(Path war) throws IOException {
        return unpack(war, Path.of(System.getProperty("java.io.tmpdir"), "junicorn-wars-" + System.getProperty("user.name")));
    }

    static WebArchive unpack(Path war, Path cache) throws IOException {
        Path absolute = war.toAbsolutePath();
        if (!Files.isRegularFile(absolute)) {
            throw new IOException("APP " + absolute + ": no such war");
        }
        privateDirectory(cache);
        String name = absolute.getFileName().toString();
        Path root = cache.resolve(name.substring(0, name.length() - ".war".length()) + "-" + contentHash(absolute));
        if (!Files.isDirectory(root)) {
            Path partial = Files.createTempDirectory(cache, root.getFileName() + ".unpacking-");
            try {
                extract(absolute, partial);
                // rename(2): a non-empty tree already there (every unpacked war has WEB-INF/) is never replaced
                Files.move(partial, root, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileSystemException e) {
                // ENOTEMPTY, which the JDK reports as a plain FileSystemException: another worker unpacked the same
                // content first, and its tree is the same as ours
                if (!Files.isDirectory(root)) {
                    throw e;
                }
            } finally {
                deleteTree(partial);
            }
        }
        if (!Files.isDirectory(root.resolve("WEB-INF"))) {
            throw new IOException("APP " + absolute + ": not a war, it has no WEB-INF/");
        }
        return new WebArchive(absolute, root);
    }

    /** WEB-INF/classes (when there is one), then WEB-INF/lib's jars by name, as Tomcat orders them. */
    public List<Path> classPath() {
        List<Path> entries = new ArrayList<>();
        if (Files.isDirectory(classes())) {
            entries.add(classes());
        }
        entries.addAll(ClassPath.expand(List.of(root.resolve(LIB) + "/*")));
        return entries;
    }

    /** WEB-INF/classes: the application's own classes, where initializers' @HandlesTypes are looked for. */
    public Path classes() {
        return root.resolve(CLASSES);
    }

    /** The binary names of WEB-INF/classes' classes, sorted. */
    public List<String> classNames() throws IOException {
        if (!Files.isDirectory(classes())) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(classes())) {
            return files.filter(file -> file.toString().endsWith(".class") && Files.isRegularFile(file))
                    .map(file -> classes().relativize(file).toString())
                    .filter(file -> !file.endsWith("module-info.class") && !file.endsWith("package-info.class"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
                    .sorted().toList();
        }
    }

    @Override
    public String toString() {
        return war.toString();
    }

    /**
     * The cache directory, created 0700 if missing: another user must not be able to put a tree there under the
     * name of our war's content, so an existing one must be ours and writable by no one else.
     */
    private static void privateDirectory(Path cache) throws IOException {
        Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rwx------");
        try {
            Files.createDirectory(cache, PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)
                    || !Files.getOwner(cache, LinkOption.NOFOLLOW_LINKS).getName().equals(System.getProperty("user.name"))
                    || !Collections.disjoint(Files.getPosixFilePermissions(cache, LinkOption.NOFOLLOW_LINKS),
                    Set.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE))) {
                throw new IOException("cannot unpack wars into " + cache + ": it must be a directory of "
                        + System.getProperty("user.name") + "'s that no one else may write to");
            }
        }
    }

    private static String contentHash(Path war) throws IOException {
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(war), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(in.getMessageDigest().digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Every entry but WEB-INF/lib-provided; an entry naming a path outside the tree makes the war unusable. */
    private static void extract(Path war, Path into) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.startsWith("WEB-INF/lib-provided/")) {
                    continue;
                }
                Path target = into.resolve(name).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("APP " + war + ": entry " + name + " would be unpacked outside the war's tree");
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target);
                    }
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException("APP " + war + ": not a readable war: " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path tree) throws IOException {
        if (!Files.exists(tree)) {
            return;
        }
        try (Stream<Path> files = Files.walk(tree)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
