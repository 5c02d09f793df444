package dev.herald.server.dashboard;

import io.javalin.http.Context;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The dashboard's Pebble templates (HTML-escaped by default), loaded once from the class path. */
final class Views {
  private final PebbleEngine engine;

  Views() {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("dashboard");
    loader.setSuffix("");
    this.engine = new PebbleEngine.Builder().loader(loader).cacheActive(true).build();
  }

  /** Renders a template to a string. */
  String render(String template, Map<String, Object> model) {
    StringWriter out = new StringWriter();
    try {
      engine.getTemplate(template).evaluate(out, model);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Answers with a rendered page, the signed-in operator's details merged into its model. */
  void page(Context ctx, int status, String template, Sessions.Session session, Map<String, Object> model) {
    Map<String, Object> all = new HashMap<>(model);
    if (session != null) {
      all.put("csrf", session.csrf());
      all.put("operator", session.operator());
    }
    ctx.status(status).contentType("text/html; charset=utf-8").result(render(template, all));
  }
}
