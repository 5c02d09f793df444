package dev.herald.core.consent;

/**
 * The texts Herald answers SMS keywords with. Carriers require a confirmation after an opt-out and
 * an answer to HELP that names the program and how to stop.
 */
public record KeywordReplies(String stop, String start, String help) {
  public static final KeywordReplies DEFAULT = new KeywordReplies(
      "You have been unsubscribed and will receive no more messages. Reply START to resubscribe.",
      "You have been resubscribed. Reply STOP to unsubscribe.",
      "Reply STOP to unsubscribe, START to resubscribe. Msg&data rates may apply.");

  /** The reply for a keyword. */
  public String replyTo(SmsKeyword keyword) {
    return switch (keyword) {
      case OPT_OUT -> stop;
      case OPT_IN -> start;
      case HELP -> help;
    };
  }
}
