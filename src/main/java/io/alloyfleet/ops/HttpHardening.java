package io.alloyfleet.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * What strangers can ask of the HTTP port: the controller serves no cross-origin requests, so
 * {@code OPTIONS} is refused everywhere (405), and counted under one {@code uri} series, never
 * under the path it asked for (each path would be a series of its own). The security headers are in
 * application.properties.
 */
@Singleton
public class HttpHardening {

  /** The {@code uri} tag of every request that no route served. */
  static final String UNKNOWN = "UNKNOWN";

  void refuseOptions(@Observes Router router) {
    router
        .route()
        .order(Integer.MIN_VALUE)
        .method(HttpMethod.OPTIONS)
        .handler(
            ctx -> ctx.response().setStatusCode(405).putHeader("Allow", "GET, HEAD, POST").end());
  }

  @Produces
  @Singleton
  MeterFilter boundedUris() {
    return new MeterFilter() {
      @Override
      public Meter.Id map(Meter.Id id) {
        if (!id.getName().equals("http.server.requests") || id.getTag("uri") == null) {
          return id;
        }
        // Routes that matched keep their template (/api/clusters/{id}); a path that none matched
        // is already NOT_FOUND. The refused OPTIONS would carry the raw path: one series for all.
        if ("OPTIONS".equals(id.getTag("method")) || "405".equals(id.getTag("status"))) {
          List<Tag> tags =
              id.getTags().stream()
                  .map(t -> t.getKey().equals("uri") ? Tag.of("uri", UNKNOWN) : t)
                  .toList();
          return id.replaceTags(tags);
        }
        return id;
      }
    };
  }
}
