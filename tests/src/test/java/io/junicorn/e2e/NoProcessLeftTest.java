package io.junicorn.e2e;

import org.junit.jupiter.api.ClassDescriptor;
import org.junit.jupiter.api.ClassOrderer;
import org.junit.jupiter.api.ClassOrdererContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Tests that no junicorn a test started outlives the suite: runs after every other class ({@link Last},
 * named in junit-platform.properties) and fails, naming them, if a recorded master or worker is still alive;
 * then kills them. Alone (-Dtest=ThisTest) it checks nothing but itself.
 */
class NoProcessLeftTest {
    /** Workers killed by a test's close() go within moments; a loaded machine gets a generous margin. */
    private static final Duration GRACE = Duration.ofSeconds(30);

    /** Puts NoProcessLeftTest last and leaves the other classes in JUnit's default order (a stable sort). */
    public static final class Last implements ClassOrderer {
        @Override
        public void orderClasses(ClassOrdererContext context) {
            context.getClassDescriptors().sort(Comparator.comparing(
                    (ClassDescriptor d) -> d.getTestClass() == NoProcessLeftTest.class));
        }
    }

    @Test
    void noJunicornStartedByATestIsStillAlive() {
        List<String> alive = Junicorn.leftAlive(GRACE);
        Junicorn.killLeftAlive();
        assertTrue(alive.isEmpty(), "still running " + GRACE + " after the other tests (killed now):\n"
                + String.join("\n", alive));
    }
}
