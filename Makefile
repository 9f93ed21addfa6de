# A thin wrapper over the Maven wrapper: every target is one ./mvnw call.
MVNW := ./mvnw -B
# AppCDS (class-data sharing archive, target/uber-app/app-cds.jsa): the appcds profile starts the
# one-jar build (target/uber-app/greenvue-images.jar) once in its training run (it uploads images to
# itself, then exits) under -XX:ArchiveClassesAtExit, so the archive holds every class a start and
# the first photos load. Made by the JVM running the build, so it only helps with that exact JVM;
# start with `cd target/uber-app && java -XX:SharedArchiveFile=app-cds.jsa -jar greenvue-images.jar`. Left out
# of `make test` (the suite packages too, and does not need it); the container image makes its own
# archive the same way with its own JVM (src/main/docker/Dockerfile.jvm).
APPCDS := -Pappcds
.PHONY: run test build bench bench-load bench-replicas native clean

run:        ## the service on http://localhost:8080 (dev mode, embedded local storage)
	$(MVNW) quarkus:dev -Dquarkus.console.enabled=false -Dquarkus.analytics.disabled=true

test:       ## the whole test suite
	$(MVNW) verify

build:      ## the runnable app: target/quarkus-app, and target/uber-app with its AppCDS archive (see APPCDS above)
	$(MVNW) package -DskipTests $(APPCDS)

bench-replicas: ## only the file vs postgres part of bench-load (REPLICAS_ARGS="--memory-images 2000" for a quick run)
	$(MVNW) -q -Pbench package -DskipTests exec:exec -Dbench.args="replicas $(REPLICAS_ARGS)"

native:     ## native executable (needs GraalVM/Mandrel or a container runtime; not available here)
	$(MVNW) package -DskipTests -Dnative

clean:
	$(MVNW) clean

bench:      ## pipeline benchmark on a generated corpus (vs vipsthumbnail when installed); prints time, bytes, quality, RSS
	$(MVNW) -q -Pbench test-compile exec:exec

bench-load: ## load scenario against the packaged app (packages first): upload p50/p99 idle vs saturated, 202 -> URL, RSS with 500 queued; then file vs postgres backend, 1 and 2 replicas (needs PostgreSQL on 127.0.0.1:5432)
	$(MVNW) -q -Pbench package -DskipTests $(APPCDS) exec:exec -Dbench.args="load $(ARGS)"
	$(MVNW) -q -Pbench exec:exec -Dbench.args="replicas $(REPLICAS_ARGS)"
