package dev.herald.core.event;

import dev.herald.core.consent.ConsentRecord;

/** A consent ledger entry was appended. */
public record ConsentChanged(ConsentRecord record) implements HeraldEvent {}
