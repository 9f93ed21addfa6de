package com.greenvue.images.settings;

import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.ConfigValidator;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SmallRyeConfigBuilderCustomizer;
import java.util.List;

/**
 * Registers {@link #validate} as SmallRye Config's validator (a {@link SmallRyeConfigBuilderCustomizer}
 * listed in {@code META-INF/services}, which Quarkus adds to the configuration it builds): every
 * {@link CheckedSettings} mapping is checked as the configuration is built, before any bean exists,
 * the way the framework checks constraint annotations, and a value out of range stops the start
 * with {@code Configuration validation failed:} and one line per problem.
 */
public class SettingsValidation implements SmallRyeConfigBuilderCustomizer {

    @Override
    public void configBuilder(SmallRyeConfigBuilder builder) {
        builder.withValidator(VALIDATOR);
    }

    /** Checks one mapping; mappings that are not {@link CheckedSettings} (the framework's) pass as they are. */
    static final ConfigValidator VALIDATOR = (type, prefix, mapping) -> {
        if (mapping instanceof CheckedSettings checked) {
            SettingProblems problems = new SettingProblems(prefix);
            checked.check(problems);
            List<String> found = problems.messages();
            if (!found.isEmpty()) {
                throw new ConfigValidationException(found.stream().map(ConfigValidationException.Problem::new)
                        .toArray(ConfigValidationException.Problem[]::new));
            }
        }
    };
}
