package dev.herald.testkit;

import dev.herald.core.message.Addresses;
import dev.herald.core.message.Message;
import dev.herald.core.message.MessageRequest;
import java.time.Instant;
import java.util.Map;

/** Builders for test messages: {@code aMessage().to("+14155550100").build(now)}. */
public final class Messages {
  private String channel = "sms";
  private String to = "+14155550100";
  private String body = "Your code is 123456";
  private String subject;
  private String html;
  private String category;
  private Instant sendAt;
  private Instant expiresAt;
  private String tenant = "t1";
  private int maxAttempts = 4;
  private Map<String, String> metadata = Map.of();

  private Messages() {}

  public static Messages aMessage() {
    return new Messages();
  }

  public Messages channel(String value) { channel = value; return this; }
  public Messages to(String value) { to = value; return this; }
  public Messages body(String value) { body = value; return this; }
  public Messages email(String address, String subj, String htmlBody) { channel = "email"; to = address; subject = subj; html = htmlBody; return this; }
  public Messages marketing() { category = "marketing"; return this; }
  public Messages sendAt(Instant value) { sendAt = value; return this; }
  public Messages expiresAt(Instant value) { expiresAt = value; return this; }
  public Messages tenant(String value) { tenant = value; return this; }
  public Messages maxAttempts(int value) { maxAttempts = value; return this; }
  public Messages metadata(Map<String, String> value) { metadata = value; return this; }

  private static final Addresses US = new Addresses("US");

  /** The validated message as the service would create it at {@code now}. */
  public Message build(Instant now) {
    return new MessageRequest(channel, to, null, body, subject, html, category, null, sendAt, expiresAt, metadata)
        .toMessage(tenant, US, now, c -> maxAttempts, null);
  }
}
