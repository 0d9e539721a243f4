package com.acme.backend;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;

import com.acme.backend.problems.Problem;

/**
 * The packages depend one way. {@link #ALLOWED} names every dependency one top-level package of
 * {@code com.acme.backend} may have on another; a new edge, a new package or a cycle fails the build, and so does an
 * allowed edge nothing uses any more (so the list stays the real graph). docs/extending.md draws the same graph.
 * <p>
 * Bytecode does not show every dependency: a compile-time constant ({@code Roles.OPS} in {@code @RolesAllowed}) is
 * copied into the class that uses it. The source files' references are therefore checked against the same list.
 */
@AnalyzeClasses(packages = "com.acme.backend", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String ROOT = "com.acme.backend";

    /** Each top-level package and the packages it may depend on; nothing else. */
    static final Map<String, Set<String>> ALLOWED = allowed();

    private static Map<String, Set<String>> allowed() {
        Map<String, Set<String>> allowed = new LinkedHashMap<>();
        // Leaves: the error model, and the secrets config source.
        allowed.put("problems", Set.of());
        allowed.put("config", Set.of());
        // The database: settings come from config; a failure it recognises becomes a problem (DatabaseProblems).
        allowed.put("db", Set.of("config", "problems"));
        // HTTP plumbing: renders problems with the request id; asks db about failures and the schema (SchemaGate).
        allowed.put("platform", Set.of("db", "problems"));
        // Who may call what: AUTH_MODE must not come from the secrets file (config); 401/403 are problems.
        allowed.put("security", Set.of("config", "problems"));
        // Every health check, and /api/health: checks config, db and security; the resource uses platform's and
        // security's OpenAPI and role constants.
        allowed.put("health", Set.of("config", "db", "platform", "security"));
        // Features (boundary/control/entity).
        allowed.put("idempotency", Set.of("db", "problems"));
        allowed.put("users", Set.of("db", "idempotency", "platform", "problems", "security"));
        return Map.copyOf(allowed);
    }

    private static String pkg(String name) {
        return ROOT + "." + name + "..";
    }

    @ArchTest
    static final ArchRule eachPackageDependsOnlyOnThePackagesItIsAllowed = ALLOWED.keySet().stream().sorted()
            .map(ArchitectureTest::onlyAllowedDependencies)
            .reduce(CompositeArchRule::and).map(rule -> (ArchRule) rule).orElseThrow();

    private static CompositeArchRule onlyAllowedDependencies(String name) {
        String[] forbidden = ALLOWED.keySet().stream().filter(other -> !other.equals(name))
                .filter(other -> !ALLOWED.get(name).contains(other)).sorted().map(ArchitectureTest::pkg)
                .toArray(String[]::new);
        return CompositeArchRule.of(noClasses().that().resideInAPackage(pkg(name))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because(name + " may depend on " + (ALLOWED.get(name).isEmpty() ? "no other package"
                        : String.join(", ", new TreeSet<>(ALLOWED.get(name)))) + " (ArchitectureTest.ALLOWED)"));
    }

    @ArchTest
    static final ArchRule everyClassIsInADeclaredPackage = classes().should().resideInAnyPackage(Stream.concat(
                    Stream.of(ROOT), ALLOWED.keySet().stream().map(ArchitectureTest::pkg)).toArray(String[]::new))
            .because("a new top-level package declares its dependencies in ArchitectureTest.ALLOWED");

    @ArchTest
    static final ArchRule noCycles = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();

    /** Within a feature: boundary (HTTP) -> control (logic, transactions) -> entity (JPA); never back. */
    @ArchTest
    static final ArchRule boundaryControlEntity = layeredArchitecture().consideringOnlyDependenciesInLayers()
            .layer("boundary").definedBy(ROOT + ".*.boundary..")
            .layer("control").definedBy(ROOT + ".*.control..")
            .layer("entity").definedBy(ROOT + ".*.entity..")
            .whereLayer("boundary").mayNotBeAccessedByAnyLayer()
            .whereLayer("control").mayOnlyBeAccessedByLayers("boundary")
            .whereLayer("entity").mayOnlyBeAccessedByLayers("boundary", "control");

    @ArchTest
    static final ArchRule entitiesAreOnlyData = classes().that().resideInAPackage(ROOT + ".*.entity..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..")
                    .or(resideInAPackage(ROOT + ".*.entity..")))
            .because("an entity knows nothing of problems, the database code or HTTP");

    @ArchTest
    static final ArchRule thePoolLibraryStandsAlone = classes().that()
            .resideInAPackage(ROOT + ".db.pool..")
            .should().onlyDependOnClassesThat(resideOutsideOfPackage(ROOT + "..")
                    .or(resideInAPackage(ROOT + ".db.pool..")))
            .because("db.pool is loaded from a server library, outside the application: db uses it, never the"
                    + " other way round");

    @ArchTest
    static final ArchRule onlyThePlumbingRendersProblems = noClasses().that()
            .resideOutsideOfPackages(ROOT + ".platform..", ROOT + ".problems..")
            .should().callMethod(Problem.class, "toResponse", Optional.class)
            .orShould().callMethod(Problem.class, "toJson", Optional.class)
            .orShould().callMethod(Problem.class, "toJson")
            .because("platform answers HTTP and adds the request id; the others throw ProblemException");

    /** References in the sources, which also see the constants that bytecode inlines, keep to the same list. */
    @ArchTest
    static void sourceReferencesKeepToTheAllowedDependencies(JavaClasses classes) {
        Map<String, Set<String>> violations = new TreeMap<>();
        sourceEdges().forEach((edge, where) -> {
            String[] ends = edge.split(" -> ");
            if (!ALLOWED.getOrDefault(ends[0], Set.of()).contains(ends[1])) {
                violations.put(edge, where);
            }
        });
        assertEquals(Map.of(), violations, "source references between packages that ArchitectureTest.ALLOWED does"
                + " not allow (edge -> files)");
    }

    /** Each allowed edge is used, in bytecode or in the sources: the list is the graph, not a superset of it. */
    @ArchTest
    static void everyAllowedDependencyIsUsed(JavaClasses classes) {
        Set<String> used = new TreeSet<>(sourceEdges().keySet());
        for (JavaClass origin : classes) {
            for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                Optional<String> from = topLevel(origin.getPackageName());
                Optional<String> to = topLevel(dependency.getTargetClass().getPackageName());
                if (from.isPresent() && to.isPresent() && !from.equals(to)) {
                    used.add(from.get() + " -> " + to.get());
                }
            }
        }
        Set<String> declared = new TreeSet<>();
        ALLOWED.forEach((from, targets) -> targets.forEach(to -> declared.add(from + " -> " + to)));
        declared.removeAll(used);
        assertEquals(Set.of(), declared, "allowed in ArchitectureTest.ALLOWED but used nowhere: remove them");
    }

    /** A class named with its package (an import, a fully qualified name, a Javadoc link); group 1: top level. */
    private static final Pattern REFERENCE =
            Pattern.compile("\\bcom\\.acme\\.backend\\.([a-z]\\w*)(?:\\.[a-z]\\w*)*\\.[A-Z]");

    /** "from -> to" for each reference in src/main/java from one top-level package to another, with its files. */
    private static Map<String, Set<String>> sourceEdges() {
        Path sources = Path.of("src", "main", "java", "com", "acme", "backend");
        Map<String, Set<String>> edges = new TreeMap<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String from = relative.getName(0).toString();
                Matcher matcher = REFERENCE.matcher(Files.readString(file));
                while (matcher.find()) {
                    if (!matcher.group(1).equals(from)) {
                        edges.computeIfAbsent(from + " -> " + matcher.group(1), edge -> new TreeSet<>())
                                .add(relative.toString());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return edges;
    }

    private static Optional<String> topLevel(String packageName) {
        if (!packageName.startsWith(ROOT + ".")) {
            return Optional.empty();
        }
        List<String> parts = List.of(packageName.substring(ROOT.length() + 1).split("\\."));
        return Optional.of(parts.get(0));
    }
}
