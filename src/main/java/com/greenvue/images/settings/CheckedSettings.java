package com.greenvue.images.settings;

/**
 * A {@code @ConfigMapping} that checks its own values: {@link SettingsValidation} calls
 * {@link #check} when the configuration is built, before any bean exists, and the start fails
 * with every problem found. Values are never corrected.
 *
 * <p>The rules are code, not Hibernate Validator annotations on the mapping: one constraint on
 * any mapping makes Quarkus build a validator over all of its ~160 config mappings at static
 * init: 0.2-0.3 s of a 1.9 s start on two cores (README "Issue 14, round 8").
 * {@code SettingsValidationTest} fails if such an annotation comes back.
 */
public interface CheckedSettings {

    /**
     * Adds a problem for each value out of range. A default method, so SmallRye Config does not
     * take it for a setting; each mapping overrides it.
     */
    default void check(SettingProblems problems) {
    }
}
