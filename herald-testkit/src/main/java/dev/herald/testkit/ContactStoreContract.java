package dev.herald.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.herald.core.consent.ConsentRecord;
import dev.herald.core.consent.ConsentSource;
import dev.herald.core.consent.ConsentState;
import dev.herald.core.consent.ConsentStore;
import dev.herald.core.contact.Contact;
import dev.herald.core.contact.ContactRequest;
import dev.herald.core.error.ConflictException;
import dev.herald.core.message.Addresses;
import dev.herald.core.message.Channel;
import dev.herald.core.message.MessageIds;
import dev.herald.core.store.Page;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What every contact store and consent ledger must do; subclasses open fresh stores. */
public abstract class ContactStoreContract extends EngagementStoreContract {
  private Contact contact(String phone, String email) {
    Contact c = new ContactRequest("Ada", phone, email, null, true, null, "Europe/Paris", "sms", "fr-FR", null)
        .toContact("t1", new Addresses("US"), clock.instant());
    stores.contacts().insert(c);
    return c;
  }

  @Test
  void contactIsFoundByIdAndByEveryAddress() {
    Contact c = contact("+14155550100", "ada@example.com");
    assertThat(stores.contacts().find("t1", c.id())).contains(c);
    assertThat(stores.contacts().findByAddress("t1", "+14155550100")).contains(c);
    assertThat(stores.contacts().findByAddress("t1", "ada@example.com")).contains(c);
    assertThat(stores.contacts().findByAddress("t2", "+14155550100")).isEmpty();
    assertThat(stores.contacts().find("t2", c.id())).isEmpty();
  }

  @Test
  void manyAddressesAreLookedUpTogetherAndConcurrentSingleLookupsEachGetTheirOwnAnswer() throws Exception {
    Contact ada = contact("+14155550100", "ada@example.com");
    Contact bob = new ContactRequest("Bob", "+14155550101", null, null, true, null, null, null, null, null)
        .toContact("t1", new Addresses("US"), clock.instant());
    stores.contacts().insert(bob);
    List<String> asked = new java.util.ArrayList<>(List.of("+14155550100", "ada@example.com", "+14155550101", "nobody@example.com"));
    for (int i = 0; i < 1_500; i++) {
      asked.add("+1415556" + String.format("%04d", i));
    }
    assertThat(stores.contacts().findByAddresses("t1", asked)).containsOnly(java.util.Map.entry("+14155550100", ada),
        java.util.Map.entry("ada@example.com", ada), java.util.Map.entry("+14155550101", bob));
    assertThat(stores.contacts().findByAddresses("t2", asked)).isEmpty();
    try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<Boolean>> answers = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        String tenant = i % 3 == 0 ? "t2" : "t1";
        String address = i % 2 == 0 ? "+14155550100" : "+14155550101";
        Contact expected = tenant.equals("t2") ? null : address.equals("+14155550100") ? ada : bob;
        answers.add(pool.submit(() -> java.util.Objects.equals(
            stores.contacts().findByAddress(tenant, address).orElse(null), expected)));
      }
      for (var answer : answers) {
        assertThat(answer.get()).isTrue();
      }
    }
  }

  @Test
  void anAddressBelongsToOneContactOfATenant() {
    contact("+14155550100", null);
    assertThatThrownBy(() -> contact("+14155550100", "other@example.com"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("phone +14155550100");
  }

  @Test
  void updateRefusesAnAddressAnotherContactHolds() {
    contact("+14155550100", null);
    Contact b = contact("+14155550101", null);
    Contact stolen = new Contact(b.id(), "t1", null, "+14155550100", null, null, null, null, null, null, null, null,
        null, null, b.createdAt(), b.updatedAt());
    assertThatThrownBy(() -> stores.contacts().update(stolen)).isInstanceOf(ConflictException.class);
  }

  @Test
  void anEmailAddressIsFoundWhateverTheCaseOfItsLocalPartAndDomainAndKeptAsWritten() {
    Contact grace = contact(null, "Grace.Hopper@Example.com");
    assertThat(grace.email()).isEqualTo("Grace.Hopper@example.com");
    assertThat(stores.contacts().find("t1", grace.id()).orElseThrow().email()).isEqualTo("Grace.Hopper@example.com");
    for (String asked : List.of("Grace.Hopper@example.com", "grace.hopper@example.com", "GRACE.HOPPER@example.com",
        "grace.hopper@EXAMPLE.COM", "gRaCe.HoPpEr@ExAmPlE.cOm")) {
      assertThat(stores.contacts().findByAddress("t1", asked)).as(asked).contains(grace);
    }
    assertThat(stores.contacts().findByAddress("t2", "grace.hopper@example.com")).isEmpty();
    assertThat(stores.contacts().findByAddress("t1", "grace.hopper@example.org")).isEmpty();
  }

  @Test
  void manyAddressesInSeveralCasesAreEachAnsweredAsAsked() {
    Contact grace = contact("+14155550100", "grace@example.com");
    List<String> asked = List.of("GRACE@example.com", "grace@example.com", "Grace@EXAMPLE.com", "+14155550100",
        "nobody@example.com");
    assertThat(stores.contacts().findByAddresses("t1", asked)).containsOnly(
        java.util.Map.entry("GRACE@example.com", grace), java.util.Map.entry("grace@example.com", grace),
        java.util.Map.entry("Grace@EXAMPLE.com", grace), java.util.Map.entry("+14155550100", grace));
  }

  @Test
  void anEmailAddressBelongsToOneContactOfATenantWhateverItsCase() {
    contact(null, "grace@example.com");
    assertThatThrownBy(() -> contact(null, "GRACE@example.com"))
        .isInstanceOf(ConflictException.class).hasMessageContaining("email GRACE@example.com");
    Contact other = contact("+14155550101", null);
    Contact stolen = new Contact(other.id(), "t1", null, other.phone(), "Grace@Example.com", null, null, null, null,
        null, null, null, null, null, other.createdAt(), other.updatedAt());
    assertThatThrownBy(() -> stores.contacts().update(stolen)).isInstanceOf(ConflictException.class);
    Contact elsewhere = new ContactRequest("Grace", null, "GRACE@example.com", null, null, null, null, null, null, null)
        .toContact("t2", new Addresses("US"), clock.instant());
    stores.contacts().insert(elsewhere);
    assertThat(stores.contacts().findByAddress("t2", "grace@example.com")).contains(elsewhere);
  }

  @Test
  void aContactMayRewriteItsOwnEmailInAnotherCaseAndIsFoundByItAfter() {
    Contact grace = contact(null, "grace@example.com");
    Contact recased = new Contact(grace.id(), "t1", grace.name(), null, "Grace@example.com", null, null, null, null,
        null, null, null, null, null, grace.createdAt(), grace.updatedAt());
    stores.contacts().update(recased);
    assertThat(stores.contacts().find("t1", grace.id()).orElseThrow().email()).isEqualTo("Grace@example.com");
    assertThat(stores.contacts().findByAddress("t1", "GRACE@example.com")).contains(recased);
    Contact moved = new Contact(grace.id(), "t1", grace.name(), null, "hopper@example.com", null, null, null, null,
        null, null, null, null, null, grace.createdAt(), grace.updatedAt());
    stores.contacts().update(moved);
    assertThat(stores.contacts().findByAddress("t1", "grace@example.com")).isEmpty();
    contact(null, "GRACE@example.com");
  }

  @Test
  void listPagesNewestFirstWithoutRepeats() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 5; i++) {
      contact("+1415555010" + i, null);
    }
    String cursor = null;
    int pages = 0;
    do {
      Page<Contact> page = stores.contacts().list("t1", cursor, 2);
      page.items().forEach(c -> assertThat(seen.add(c.id())).isTrue());
      cursor = page.nextCursor();
      pages++;
    } while (cursor != null);
    assertThat(seen).hasSize(5);
    assertThat(pages).isEqualTo(3);
  }

  @Test
  void lastActivityNeverMovesBackInTime() {
    Contact c = contact("+14155550100", null);
    stores.contacts().touch("t1", c.id(), Channel.WHATSAPP, clock.instant().plusSeconds(10));
    stores.contacts().touch("t1", c.id(), Channel.SMS, clock.instant().plusSeconds(5));
    assertThat(stores.contacts().find("t1", c.id()).orElseThrow().lastActiveChannel()).isEqualTo(Channel.WHATSAPP);
  }

  @Test
  void deletedContactIsGone() {
    Contact c = contact("+14155550100", null);
    assertThat(stores.contacts().delete("t1", c.id())).isTrue();
    assertThat(stores.contacts().delete("t1", c.id())).isFalse();
    assertThat(stores.contacts().find("t1", c.id())).isEmpty();
  }

  private ConsentRecord consent(ConsentState state) {
    ConsentRecord r = new ConsentRecord(MessageIds.next(), "t1", "c1", Channel.SMS, "+14155550100", state,
        ConsentSource.KEYWORD, "m1", "STOP", clock.instant());
    stores.consent().append(r);
    clock.advance(Duration.ofSeconds(1));
    return r;
  }

  @Test
  void latestConsentEntryIsTheCurrentStateAndHistoryKeepsAll() {
    consent(ConsentState.OPTED_OUT);
    ConsentRecord back = consent(ConsentState.OPTED_IN);
    assertThat(stores.consent().latest("t1", Channel.SMS, "+14155550100")).contains(back);
    assertThat(stores.consent().latest("t1", Channel.WHATSAPP, "+14155550100")).isEmpty();
    assertThat(stores.consent().history("t1", "c1")).extracting(ConsentRecord::state)
        .containsExactly(ConsentState.OPTED_OUT, ConsentState.OPTED_IN);
  }

  @Test
  void latestOfManyAddressesIsOneAnswerPerAddressThatHasEntries() {
    consent(ConsentState.OPTED_OUT);
    ConsentRecord current = consent(ConsentState.OPTED_IN);
    ConsentRecord other = new ConsentRecord(MessageIds.next(), "t1", null, Channel.EMAIL, "a@example.com",
        ConsentState.OPTED_OUT, ConsentSource.API, null, null, clock.instant());
    stores.consent().append(other);
    List<ConsentStore.Address> asked = new java.util.ArrayList<>();
    asked.add(new ConsentStore.Address("t1", Channel.SMS, "+14155550100"));
    asked.add(new ConsentStore.Address("t1", Channel.EMAIL, "a@example.com"));
    asked.add(new ConsentStore.Address("t2", Channel.SMS, "+14155550100"));
    for (int i = 0; i < 700; i++) {
      asked.add(new ConsentStore.Address("t1", Channel.SMS, "+1415555" + String.format("%04d", 1000 + i)));
    }
    asked.add(new ConsentStore.Address("t1", Channel.SMS, "+14155550100"));
    assertThat(stores.consent().latest(asked)).containsOnly(
        java.util.Map.entry(new ConsentStore.Address("t1", Channel.SMS, "+14155550100"), current),
        java.util.Map.entry(new ConsentStore.Address("t1", Channel.EMAIL, "a@example.com"), other));
  }

  @Test
  void anEmailOptOutHoldsForTheSameAddressInAnyCase() {
    ConsentRecord out = new ConsentRecord(MessageIds.next(), "t1", null, Channel.EMAIL, "Grace@example.com",
        ConsentState.OPTED_OUT, ConsentSource.UNSUBSCRIBE_LINK, null, null, clock.instant());
    stores.consent().append(out);
    assertThat(stores.consent().latest("t1", Channel.EMAIL, "grace@example.com")).contains(out);
    assertThat(stores.consent().latest("t1", Channel.EMAIL, "GRACE@EXAMPLE.COM")).contains(out);
    assertThat(stores.consent().latest("t2", Channel.EMAIL, "grace@example.com")).isEmpty();
    List<ConsentStore.Address> asked = List.of(new ConsentStore.Address("t1", Channel.EMAIL, "GRACE@example.com"),
        new ConsentStore.Address("t1", Channel.EMAIL, "grace@example.com"),
        new ConsentStore.Address("t1", Channel.EMAIL, "hopper@example.com"));
    assertThat(stores.consent().latest(asked)).containsOnly(java.util.Map.entry(asked.get(0), out),
        java.util.Map.entry(asked.get(1), out));
    clock.advance(Duration.ofSeconds(1));
    ConsentRecord back = new ConsentRecord(MessageIds.next(), "t1", null, Channel.EMAIL, "GRACE@example.com",
        ConsentState.OPTED_IN, ConsentSource.API, null, null, clock.instant());
    stores.consent().append(back);
    assertThat(stores.consent().latest("t1", Channel.EMAIL, "Grace@example.com")).contains(back);
  }

  @Test
  void aSecretIsChosenOnceAndKept() {
    assertThat(stores.consent().secret("unsubscribe", "first")).isEqualTo("first");
    assertThat(stores.consent().secret("unsubscribe", "second")).isEqualTo("first");
  }

  @Test
  void anInboundMessageTeachesTheContactItsChannelAndAddressButNeverTakesAnotherContactsAddress() {
    Contact ada = new ContactRequest("Ada", "+14155550100", null, null, null, null, null, null, null, null)
        .toContact("t1", new Addresses("US"), clock.instant());
    Contact bob = new ContactRequest("Bob", "+14155550101", null, "+14155550102", null, null, null, null, null, null)
        .toContact("t1", new Addresses("US"), clock.instant());
    stores.contacts().insert(ada);
    stores.contacts().insert(bob);

    stores.contacts().learnInbound("t1", ada.id(), Channel.WHATSAPP, "+14155550100", clock.instant());
    stores.contacts().learnInbound("t1", ada.id(), Channel.SMS, "+14155550100", clock.instant());
    Contact learned = stores.contacts().find("t1", ada.id()).orElseThrow();
    assertThat(learned.whatsapp()).isEqualTo("+14155550100");
    assertThat(learned.hasWhatsapp()).isTrue();
    assertThat(learned.allowsSms()).isTrue();
    assertThat(learned.provenBy(Channel.WHATSAPP)).isTrue();
    assertThat(stores.contacts().findByAddress("t1", "+14155550100")).map(Contact::id).contains(ada.id());

    Contact carol = new ContactRequest("Carol", null, "carol@example.com", null, null, null, null, null, null, null)
        .toContact("t1", new Addresses("US"), clock.instant());
    stores.contacts().insert(carol);
    stores.contacts().learnInbound("t1", carol.id(), Channel.WHATSAPP, "+14155550102", clock.instant());
    Contact carolNow = stores.contacts().find("t1", carol.id()).orElseThrow();
    assertThat(carolNow.whatsapp()).isNull();
    assertThat(carolNow.hasWhatsapp()).isTrue();
    assertThat(stores.contacts().find("t1", bob.id()).orElseThrow().whatsapp()).isEqualTo("+14155550102");
  }
}
