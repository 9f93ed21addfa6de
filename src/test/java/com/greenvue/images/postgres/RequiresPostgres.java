package com.greenvue.images.postgres;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only where PostgreSQL answers, except in CI ({@code CI=true}), where the class
 * always runs, so an unreachable server fails the build instead of skipping its tests. On a laptop
 * without PostgreSQL the class is skipped with one line saying why.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPostgres.Condition.class)
public @interface RequiresPostgres {

    class Condition implements ExecutionCondition {

        private static volatile ConditionEvaluationResult verdict;

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (verdict == null) {
                verdict = evaluate();
            }
            return verdict;
        }

        private static ConditionEvaluationResult evaluate() {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                return ConditionEvaluationResult.enabled("CI: postgres tests always run (and fail if the server is down)");
            }
            try (Connection c = DriverManager.getConnection(PostgresSchema.URL, PostgresSchema.USER, null)) {
                return ConditionEvaluationResult.enabled("PostgreSQL answers at " + PostgresSchema.URL);
            } catch (SQLException e) {
                String why = "postgres backend tests skipped: no PostgreSQL at " + PostgresSchema.URL + " ("
                        + e.getMessage() + "); start one (README, 'Tests') to run them";
                System.err.println("SKIPPED " + why);
                return ConditionEvaluationResult.disabled(why);
            }
        }
    }
}
