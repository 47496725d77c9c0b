package dev.cairn.cli;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The layering of docs/architecture.md: each layer depends only on the ones below it. */
class LayeringTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.cairn");
    }

    @Test
    void layersDependOnlyDownwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("dev.cairn.cli..")
                .layer("server").definedBy("dev.cairn.server..")
                .layer("engine").definedBy("dev.cairn.engine..")
                .layer("sources").definedBy("dev.cairn.sources..")
                .layer("snapshots").definedBy("dev.cairn.snapshots..")
                .layer("repository").definedBy("dev.cairn.repository..")
                .layer("storage").definedBy("dev.cairn.storage..")
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("engine").mayOnlyBeAccessedByLayers("server", "cli")
                .whereLayer("sources").mayOnlyBeAccessedByLayers("engine", "server", "cli")
                .whereLayer("snapshots").mayOnlyBeAccessedByLayers("sources", "engine", "server", "cli")
                .whereLayer("repository").mayOnlyBeAccessedByLayers("snapshots", "sources", "engine", "server", "cli")
                .check(classes);
    }

    @Test
    void onlyTheRepositoryTouchesItsCodecsAndCrypto() {
        noClasses().that().resideOutsideOfPackage("dev.cairn.repository..")
                .should().dependOnClassesThat().resideInAPackage("dev.cairn.repository.codec..")
                .check(classes);
        // The CLI may choose scrypt parameters for new keys (a setting), but nothing outside the repository
        // encrypts, decrypts or derives keys itself.
        noClasses().that().resideOutsideOfPackage("dev.cairn.repository..")
                .should().dependOnClassesThat(JavaClass.Predicates.resideInAPackage("dev.cairn.repository.crypto..")
                        .and(DescribedPredicate.not(JavaClass.Predicates.simpleName("ScryptParams"))))
                .check(classes);
    }

    @Test
    void storageKnowsNothingOfRepositories() {
        noClasses().that().resideInAPackage("dev.cairn.storage..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.cairn.repository..", "dev.cairn.snapshots..",
                        "dev.cairn.sources..", "dev.cairn.engine..", "dev.cairn.server..", "dev.cairn.cli..")
                .check(classes);
    }
}
