package com.greenvue.images.queue;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Makes {@code greenvue.queue.backend} the one setting that chooses the backend: the datasource
 * (and with it Flyway and the database health check) is active only with {@code postgres}, so
 * {@code make run} never needs a database. Also accepts {@code DATABASE_URL} in the
 * {@code postgres://user:password@host:port/db} form most platforms hand out, besides a JDBC URL.
 * Its values sit between application.properties (250) and environment variables (300), so
 * {@code QUARKUS_DATASOURCE_ACTIVE} and friends still win.
 */
public class BackendDatasourceConfig implements ConfigSourceFactory {

    static final int ORDINAL = 275;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        Map<String, String> values = new HashMap<>();
        ConfigValue backend = context.getValue("greenvue.queue.backend");
        boolean postgres = backend != null && backend.getValue() != null
                && backend.getValue().trim().toLowerCase(Locale.ROOT).equals("postgres");
        values.put("quarkus.datasource.active", Boolean.toString(postgres));
        ConfigValue url = context.getValue("DATABASE_URL");
        if (url != null && url.getValue() != null) {
            values.putAll(fromUrl(url.getValue().trim()));
        }
        return List.of(new PropertiesConfigSource(values, "greenvue-backend-datasource", ORDINAL));
    }

    /** {@code postgres://user:pw@host:5432/db?x=y} as JDBC URL, user and password; a JDBC URL is left to application.properties. */
    static Map<String, String> fromUrl(String url) {
        Map<String, String> out = new HashMap<>();
        if (!(url.startsWith("postgres://") || url.startsWith("postgresql://"))) {
            return out;
        }
        URI uri = URI.create(url);
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(uri.getHost());
        if (uri.getPort() > 0) {
            jdbc.append(':').append(uri.getPort());
        }
        jdbc.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        if (uri.getRawQuery() != null) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        out.put("quarkus.datasource.jdbc.url", jdbc.toString());
        String info = uri.getRawUserInfo();
        if (info != null) {
            String[] parts = info.split(":", 2);
            out.put("quarkus.datasource.username", URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            if (parts.length == 2) {
                out.put("quarkus.datasource.password", URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
