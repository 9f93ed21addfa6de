package com.greenvue.images.startup;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * Links every class the JVM has loaded, for the AppCDS training run ({@link TrainingRun}).
 *
 * <p>JDK 17 writes a dynamic archive ({@code -XX:ArchiveClassesAtExit}) with only the classes that
 * are linked by the time it exits. It links the JDK's own class loaders' classes itself, but not
 * those of an application class loader such as Quarkus' {@code RunnerClassLoader}: a class that
 * was loaded (say, to verify another class) but never used is skipped ("Skipping ...: Not
 * linked" in {@code -Xlog:cds}), and every start after that loads, parses and verifies it from
 * its jar again. In our training run that was ~1,400 classes, ~1,300 of them loaded by every start.
 *
 * <p>The loaded classes come from the JVM's own list ({@code VM.class_hierarchy}, the diagnostic
 * command {@code jcmd} runs, through its platform MBean). Asking for a class's declared
 * constructors (an interface's declared fields) links it, as HotSpot links a class before it
 * reflects on it, without running its static initialiser. Linking can load more classes
 * (verification), so it goes round until no new class turns up, at most {@value #MAX_ROUNDS} times.
 */
final class ClassLinker {

    static final int MAX_ROUNDS = 4;

    record Result(int linked, int failed, long millis) {
    }

    private ClassLinker() {
    }

    static Result linkLoadedClasses(ClassLoader loader) throws Exception {
        long start = System.nanoTime();
        Set<String> seen = new HashSet<>();
        int linked = 0;
        int failed = 0;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Set<String> names = loadedClassNames(classHierarchy());
            names.removeAll(seen);
            if (names.isEmpty()) {
                break;
            }
            seen.addAll(names);
            int ok = link(names, loader);
            linked += ok;
            failed += names.size() - ok;
        }
        return new Result(linked, failed, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Links each named class as {@code loader} finds it; returns how many it linked. A class it
     * cannot find, or whose verification needs an absent optional dependency, is passed over: it
     * stays out of the archive, as before.
     */
    static int link(Collection<String> names, ClassLoader loader) {
        int linked = 0;
        for (String name : names) {
            try {
                Class<?> c = Class.forName(name, false, loader);
                if (c.isInterface()) {
                    // getDeclaredConstructors() answers an interface without asking the JVM; its
                    // methods would load every type in their signatures, its fields are few
                    c.getDeclaredFields();
                } else {
                    c.getDeclaredConstructors();
                }
                linked++;
            } catch (Throwable e) {
                // passed over (see above)
            }
        }
        return linked;
    }

    /** The text of {@code jcmd <pid> VM.class_hierarchy}, asked for in-process. */
    static String classHierarchy() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        return (String) server.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy",
                new Object[] { null }, new String[] { String[].class.getName() });
    }

    /**
     * The class names in {@code VM.class_hierarchy}'s output: lines such as
     * {@code |  |--com.example.Foo/0x00007f...} or {@code |--com.example.Bar/0x00007f... (intf)};
     * hidden classes (lambdas; their name carries a second {@code /address}) and arrays are left out.
     */
    static Set<String> loadedClassNames(String hierarchy) {
        Set<String> names = new HashSet<>();
        for (String line : hierarchy.split("\n")) {
            int i = 0;
            while (i < line.length() && (line.charAt(i) == '|' || line.charAt(i) == '-' || line.charAt(i) == ' ')) {
                i++;
            }
            int slash = line.indexOf('/', i);
            if (slash <= i) {
                continue;
            }
            String rest = line.substring(slash + 1);
            int space = rest.indexOf(' ');
            String addresses = space < 0 ? rest : rest.substring(0, space);
            if (addresses.indexOf('/') >= 0) {
                continue; // hidden class: name/0x.../loader
            }
            String name = line.substring(i, slash);
            if (!name.isEmpty() && name.indexOf(' ') < 0 && name.indexOf('[') < 0) {
                names.add(name);
            }
        }
        return names;
    }
}
