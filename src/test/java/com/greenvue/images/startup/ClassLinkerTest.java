package com.greenvue.images.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The training run's class linking ({@link ClassLinker}). Linking a whole JVM's classes, and that the
 * archive then holds them, is TrainingRunIT's check (it counts the JVM's "Not linked" warnings at
 * the dump): a test JVM holds the classes of several Quarkus applications' loaders.
 */
class ClassLinkerTest {

    @Test
    void readsClassAndInterfaceNamesFromTheJvmsHierarchyAndLeavesHiddenClassesOut() {
        String text = String.join("\n",
                "12345:",
                "java.lang.Object/null",
                "|--com.example.Foo/0x00007fd1301c4780",
                "|  |--com.example.Foo$Bar/0x00007fd1301c4780",
                "|--io.netty.channel.ChannelHandler/0x00007fd1301c4780 (intf)",
                "|--com.example.Foo$$Lambda$545/0x00007fd0b017f998/0x00007fd1301c4780",
                "|--sun.awt.PlatformGraphicsInfo$$Lambda$30/0x00007f6e8407aa20/null",
                "");
        assertEquals(Set.of("java.lang.Object", "com.example.Foo", "com.example.Foo$Bar", "io.netty.channel.ChannelHandler"),
                ClassLinker.loadedClassNames(text));
    }

    @Test
    void asksTheJvmForItsLoadedClassesAndLinksThoseItsLoaderFinds() throws Exception {
        String hierarchy = ClassLinker.classHierarchy();
        assertTrue(hierarchy.contains("|--" + ClassLinkerTest.class.getName() + "/"), "the JVM lists this class");
        Set<String> names = ClassLinker.loadedClassNames(hierarchy);
        assertTrue(names.contains(ClassLinkerTest.class.getName()));
        assertTrue(names.contains("java.lang.Runnable"), "interfaces are listed too");

        // a class, an interface, an annotation interface, and one no loader has: the last is passed over
        assertEquals(3, ClassLinker.link(List.of(ClassLinker.class.getName(), "java.lang.Runnable",
                "org.junit.jupiter.api.Test", "com.example.NoSuchClass"), ClassLinkerTest.class.getClassLoader()));
    }
}
