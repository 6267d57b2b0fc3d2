package io.github.eid4j.apdu.emulator;

import static io.github.eid4j.apdu.emulator.TestCards.PIN1;
import static io.github.eid4j.apdu.emulator.TestCards.PIN1_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.PIN2_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.PUK_VALUE;
import static io.github.eid4j.apdu.emulator.TestCards.block;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.eid4j.apdu.CommandApdu;
import io.github.eid4j.apdu.Hex;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every command of the engine, and every error status it gives, as a card would. */
class VirtualCardTest {
    private final AtomicInteger persisted = new AtomicInteger();
    private VirtualCard card;

    @BeforeEach
    void newCard() {
        card = new VirtualCard(TestCards.image(TestCards.t1(), true), image -> persisted.incrementAndGet());
        card.powerOn();
    }

    String send(String hex) {
        return Hex.plain(card.process(Hex.decode(hex)));
    }

    String sw(String hex) {
        String r = send(hex);
        return r.substring(r.length() - 4);
    }

    void selectApp() {
        assertThat(send("00A4040C0C A000000063504B43532D3135")).isEqualTo("9000");
    }

    void verifyPin1() {
        assertThat(send("00200011 0C" + block(PIN1_VALUE))).isEqualTo("9000");
    }

    @Nested
    class Select {
        @Test
        void byAidWithoutAnswer() {
            selectApp();
        }

        @Test
        void byAidWithFcpAndPartialName() {
            assertThat(send("00A40404 06 A00000006350 00"))
                    .isEqualTo("6218 820138 83025000 840CA000000063504B43532D3135 8A0105 9000".replace(" ", ""));
        }

        @Test
        void nextOccurrenceFindsTheSecondApplication() {
            assertThat(send("00A40400 0B A000000063504B43532D31 00")).contains("8302500");
            assertThat(send("00A40402 0B A000000063504B43532D31 00")).contains("8302600");
            assertThat(sw("00A40402 0B A000000063504B43532D31 00")).isEqualTo("6A82");
        }

        @Test
        void efByPathAnswersTheFcpWithTag81() {
            assertThat(send("00A40804 04 50004331 00")).isEqualTo("62 0E 81 02 04 3F 82 01 01 83 02 43 31 8A 01 05 90 00".replace(" ", ""));
            assertThat(send("00A40804 06 3F0050004331 00")).startsWith("620E8102043F");
        }

        @Test
        void fromCurrentDfByFidAndByParent() {
            selectApp();
            assertThat(sw("00A4020C 02 4331")).isEqualTo("9000");
            assertThat(sw("00A4010C 02 5016")).isEqualTo("9000");
            assertThat(sw("00A4090C 02 4332")).isEqualTo("9000");
            assertThat(send("00A40300 00")).contains("83025000");
            assertThat(sw("00A4000C 02 3F00")).isEqualTo("9000");
            assertThat(sw("00A4000C 02 5000")).isEqualTo("9000");
            assertThat(sw("00A4020C 02 5016")).as("P1=02 selects only EFs").isEqualTo("6A82");
        }

        @Test
        void errorsAsCardsGiveThem() {
            assertThat(sw("00A4040C 05 A000000099")).isEqualTo("6A82");
            assertThat(sw("00A4080C 02 1234")).isEqualTo("6A82");
            assertThat(sw("00A4050C 02 1234")).isEqualTo("6A86");
            assertThat(sw("00A40808 02 4331")).isEqualTo("6A86");
            assertThat(sw("00A40801 02 4331")).isEqualTo("6A86");
            assertThat(sw("00A4080C 03 500043")).isEqualTo("6A87");
            assertThat(sw("00A4020C 01 43")).isEqualTo("6A87");
        }
    }

    @Nested
    class ReadBinary {
        @Test
        void readsInChunksOfTheCardsSize() {
            selectApp();
            send("00A4020C 02 4331");
            String first = send("00B00000 00");
            assertThat(first).hasSize((0xB5 + 2) * 2).endsWith("9000");
            assertThat(Hex.decode(first.substring(0, 0xB5 * 2))).isEqualTo(Arrays.copyOf(TestCards.CERT, 0xB5));
            byte[] all = new byte[TestCards.CERT.length];
            int offset = 0;
            while (offset < all.length) {
                byte[] r = card.process(new CommandApdu(0, 0xB0, offset >> 8, offset & 0xFF, 256).toBytes());
                assertThat(r[r.length - 2]).isEqualTo((byte) 0x90);
                System.arraycopy(r, 0, all, offset, r.length - 2);
                offset += r.length - 2;
            }
            assertThat(all).isEqualTo(TestCards.CERT);
        }

        @Test
        void bySfiAndExtendedLe() {
            selectApp();
            assertThat(send("00B08200 00")).isEqualTo("3003020100" + "9000");
            card = new VirtualCard(TestCards.image(CardSettings.builder(Hex.decode("3B80800101")).maxReadChunk(65536).build(), true), i -> { });
            send("00A4080C 04 50004331");
            byte[] r = card.process(new CommandApdu(0, 0xB0, 0, 0, 65536).toBytes());
            assertThat(r).hasSize(TestCards.CERT.length + 2);
        }

        @Test
        void endOfFileAndOffsetsBeyondIt() {
            send("00A4080C 04 50005032");
            assertThat(send("00B00003 05")).isEqualTo("0100" + "6282");
            assertThat(sw("00B00005 01")).isEqualTo("6282");
            assertThat(sw("00B00006 01")).isEqualTo("6B00");
            assertThat(sw("00B00000")).as("no Le").isEqualTo("6700");
        }

        @Test
        void needsACurrentEfAndItsAccessCondition() {
            assertThat(sw("00B00000 00")).isEqualTo("6986");
            assertThat(sw("00B08400 00")).isEqualTo("6A82");
            send("00A4080C 04 50004400");
            assertThat(sw("00B00000 00")).isEqualTo("6982");
            verifyPin1();
            assertThat(send("00B00000 00")).isEqualTo("00".repeat(16) + "9000");
            send("00A4080C 04 50004401");
            assertThat(sw("00B00000 00")).isEqualTo("6982");
        }
    }

    @Nested
    class UpdateBinary {
        @Test
        void onlyWhereTheAccessRulesAllowAndDurably() {
            send("00A4080C 04 50004400");
            assertThat(sw("00D60000 02 CAFE")).isEqualTo("6982");
            verifyPin1();
            int before = persisted.get();
            assertThat(sw("00D60002 02 CAFE")).isEqualTo("9000");
            assertThat(persisted.get()).isGreaterThan(before);
            assertThat(send("00B00000 04")).isEqualTo("0000CAFE9000");
            assertThat(sw("00D6000F 02 CAFE")).isEqualTo("6A84");
            send("00A4080C 04 50005032");
            assertThat(sw("00D60000 01 00")).isEqualTo("6982");
        }
    }

    @Nested
    class Verify {
        @Test
        void wrongPinCountsDownThenBlocks() {
            String wrong = "00200011 0C" + block("9999");
            assertThat(sw(wrong)).isEqualTo("63C4");
            assertThat(sw(wrong)).isEqualTo("63C3");
            assertThat(sw(wrong)).isEqualTo("63C2");
            assertThat(sw(wrong)).isEqualTo("63C1");
            assertThat(sw(wrong)).isEqualTo("63C0");
            assertThat(sw(wrong)).isEqualTo("6983");
            assertThat(sw("00200011 0C" + block(PIN1_VALUE))).as("the right PIN cannot unblock").isEqualTo("6983");
            assertThat(sw("00200011")).isEqualTo("6983");
        }

        @Test
        void rightPinRestoresTheCounter() {
            assertThat(sw("00200011 0C" + block("9999"))).isEqualTo("63C4");
            verifyPin1();
            assertThat(sw("00200011")).isEqualTo("9000");
            assertThat(card.pin(PIN1).triesLeft()).isEqualTo(5);
        }

        @Test
        void emptyVerifyTellsTheTriesWithoutUsingOne() {
            assertThat(sw("00200011")).isEqualTo("63C5");
            assertThat(sw("00200011")).isEqualTo("63C5");
            sw("00200011 0C" + block("0000"));
            assertThat(sw("00200011")).isEqualTo("63C4");
            card = new VirtualCard(TestCards.image(CardSettings.builder(Hex.decode("3B80800101"))
                    .emptyVerify(CardSettings.EmptyVerify.WRONG_LENGTH).build(), true), i -> { });
            assertThat(sw("00200011")).isEqualTo("6700");
            assertThat(card.pin(PIN1).triesLeft()).isEqualTo(5);
        }

        @Test
        void logoutAndMalformedCommandsCostNoTry() {
            verifyPin1();
            assertThat(sw("0020FF11")).isEqualTo("9000");
            assertThat(sw("00200011")).isEqualTo("63C5");
            assertThat(sw("00200011 04 31323334")).as("wrong block length").isEqualTo("6700");
            assertThat(sw("00200111 0C" + block(PIN1_VALUE))).isEqualTo("6A86");
            assertThat(sw("00200044 0C" + block(PIN1_VALUE))).isEqualTo("6A88");
            assertThat(card.pin(PIN1).triesLeft()).isEqualTo(5);
        }

        @Test
        void theCounterIsDurableBeforeTheComparison() {
            int[] triesAtPersist = new int[1];
            VirtualCard watched = new VirtualCard(TestCards.image(TestCards.t1(), true), image -> triesAtPersist[0] = image.pin(PIN1).triesLeft());
            watched.process(Hex.decode("00200011 0C" + block(PIN1_VALUE)));
            assertThat(triesAtPersist[0]).as("last write restores the counter").isEqualTo(5);
            // A memory that fails refuses the comparison: no answer can claim a try that was not kept.
            VirtualCard failing = new VirtualCard(TestCards.image(TestCards.t1(), true), image -> {
                throw new java.io.IOException("disk full");
            });
            assertThat(Hex.plain(failing.process(Hex.decode("00200011 0C" + block(PIN1_VALUE))))).isEqualTo("6581");
            assertThat(failing.isVerified(PIN1)).isFalse();
        }

        @Test
        void aPinWithoutValueIsNotUsable() {
            card = new VirtualCard(TestCards.image(TestCards.t1(), false), i -> { });
            assertThat(sw("00200011 0C" + block(PIN1_VALUE))).isEqualTo("6984");
            assertThat(sw("00200011")).isEqualTo("6984");
        }
    }

    @Nested
    class ChangeReferenceData {
        @Test
        void changesWithTheOldPin() {
            assertThat(sw("00240011 18" + block(PIN1_VALUE) + block("5678"))).isEqualTo("9000");
            assertThat(sw("00200011 0C" + block(PIN1_VALUE))).isEqualTo("63C4");
            assertThat(sw("00200011 0C" + block("5678"))).isEqualTo("9000");
        }

        @Test
        void wrongOldPinCostsATryAndAnInvalidNewPinCostsNone() {
            assertThat(sw("00240011 18" + block("0000") + block("5678"))).isEqualTo("63C4");
            assertThat(sw("00240011 18" + block(PIN1_VALUE) + block("12"))).as("too short").isEqualTo("6A80");
            assertThat(sw("00240011 18" + block(PIN1_VALUE) + block("123456789"))).as("too long").isEqualTo("6A80");
            assertThat(sw("00240011 18" + block(PIN1_VALUE) + block("12a4"))).as("not digits").isEqualTo("6A80");
            assertThat(card.pin(PIN1).triesLeft()).isEqualTo(4);
            assertThat(sw("00240011 0C" + block(PIN1_VALUE))).isEqualTo("6700");
        }

        @Test
        void newOnlyWhereAllowedAndVerified() {
            assertThat(sw("00240111 0C" + block("5678"))).as("PIN1 does not allow it").isEqualTo("6982");
            assertThat(sw("00240182 0C" + block("654321"))).as("PIN2 not verified").isEqualTo("6982");
            assertThat(sw("00200082 0C" + block(PIN2_VALUE))).isEqualTo("9000");
            assertThat(sw("00240182 0C" + block("654321"))).isEqualTo("9000");
            assertThat(card.pin(TestCards.PIN2).isInitial()).isFalse();
            assertThat(sw("00240211 00")).isEqualTo("6A86");
        }
    }

    @Nested
    class ResetRetryCounter {
        void block1() {
            for (int i = 0; i < 5; i++) {
                sw("00200011 0C" + block("0000"));
            }
            assertThat(sw("00200011")).isEqualTo("6983");
        }

        @Test
        void pukAndNewPinUnblock() {
            block1();
            assertThat(sw("002C0011 18" + block(PUK_VALUE) + block("4321"))).isEqualTo("9000");
            assertThat(sw("00200011 0C" + block("4321"))).isEqualTo("9000");
        }

        @Test
        void pukAloneResetsTheCounter() {
            block1();
            assertThat(sw("002C0111 0C" + block(PUK_VALUE))).isEqualTo("9000");
            verifyPin1();
        }

        @Test
        void afterVerifyingThePukNewPinOrNothing() {
            block1();
            assertThat(sw("002C0211 0C" + block("4321"))).isEqualTo("6982");
            assertThat(sw("00200083 0C" + block(PUK_VALUE))).isEqualTo("9000");
            assertThat(sw("002C0211 0C" + block("4321"))).isEqualTo("9000");
            block1();
            assertThat(sw("002C0311")).isEqualTo("9000");
            assertThat(sw("00200011 0C" + block("4321"))).isEqualTo("9000");
        }

        @Test
        void aBlockedPukMakesThePinUnusableForGood() {
            block1();
            for (int expected = 4; expected >= 0; expected--) {
                assertThat(sw("002C0011 18" + block("00000000") + block("4321"))).isEqualTo("63C" + expected);
            }
            assertThat(sw("002C0011 18" + block(PUK_VALUE) + block("4321"))).isEqualTo("6983");
            assertThat(sw("002C0111 0C" + block(PUK_VALUE))).isEqualTo("6983");
            assertThat(sw("00200011 0C" + block(PIN1_VALUE))).isEqualTo("6983");
            assertThat(sw("00200083")).isEqualTo("6983");
        }

        @Test
        void activationSetsTheFirstPinWithTheCode() {
            card = new VirtualCard(TestCards.image(TestCards.t1(), false), i -> { });
            assertThat(sw("002C0111 0C" + block(PUK_VALUE))).as("nothing to unblock yet").isEqualTo("6984");
            assertThat(sw("002C0011 18" + block(PUK_VALUE) + block("24680"))).isEqualTo("9000");
            assertThat(sw("002C0082 18" + block(PUK_VALUE) + block("135790"))).isEqualTo("9000");
            assertThat(sw("00200011 0C" + block("24680"))).isEqualTo("9000");
            assertThat(sw("00200082 0C" + block("135790"))).isEqualTo("9000");
            assertThat(sw("002C0011 0C" + block(PUK_VALUE))).as("wrong length").isEqualTo("6700");
            assertThat(sw("002C0411")).isEqualTo("6A86");
            assertThat(sw("002C0083 18" + block(PUK_VALUE) + block("12345678"))).as("the PUK has no PUK").isEqualTo("6985");
        }
    }

    @Nested
    class Protocol {
        @Test
        /** The reader drops a case-4 command's Le under T=0 (ISO/IEC 7816-3 12.2.4): the chip answers as to case 3. */
        void aT0CardTakesCaseFourAsCaseThreeAndAnswersBehind61xx() {
            card = new VirtualCard(TestCards.image(TestCards.t0(), true), i -> { });
            assertThat(send("00A40804 04 50004331 00")).isEqualTo("6110");
            assertThat(send("00C00000 11")).startsWith("620E8102043F").endsWith("9000");
            assertThat(send("00A40804 04 50004331")).isEqualTo("6110");
            assertThat(send("00C00000 11")).startsWith("620E8102043F").endsWith("9000");
            assertThat(sw("00C00000 10")).as("nothing more pending").isEqualTo("6985");
        }

        @Test
        void aLongAnswerBeyondNeWaitsBehind61xx() {
            selectApp();
            verifyPin1();
            send("002241B6 06 800142 840102");
            send("002A90A0 22 9020" + "11".repeat(32));
            String first = send("002A9E9A 80");
            assertThat(first).hasSize((128 + 2) * 2).endsWith("6180");
            assertThat(send("00C00000 00")).hasSize((128 + 2) * 2).endsWith("9000");
        }

        @Test
        void classBytesTheCardDoesNotSupport() {
            assertThat(sw("FFA40000")).isEqualTo("6E00");
            assertThat(sw("01A4000C 02 3F00")).isEqualTo("6881");
            assertThat(sw("0CA4000C 02 3F00")).isEqualTo("6882");
            assertThat(sw("00EE0000")).isEqualTo("6D00");
            assertThat(sw("00")).isEqualTo("6700");
            assertThat(sw("00A40400 05 A0")).isEqualTo("6700");
        }

        @Test
        void getChallengeAndGetData() {
            String r1 = send("00840000 08");
            String r2 = send("00840000 08");
            assertThat(r1).hasSize(20).endsWith("9000").isNotEqualTo(r2);
            assertThat(sw("00840000")).isEqualTo("6700");
            assertThat(sw("00840100 08")).isEqualTo("6A86");
            assertThat(sw("00CA0101 00")).isEqualTo("6A88");
            card.image().addDataObject(0x00FF, (view, data) -> new byte[] {(byte) view.pin(data[data.length - 1] & 0xFF).triesLeft()});
            assertThat(send("00CB00FF 05 A003830111 00")).isEqualTo("059000");
        }

        @Test
        void securityStatusEndsOnReselectResetAndPowerOff() {
            selectApp();
            verifyPin1();
            selectApp();
            assertThat(card.isVerified(PIN1)).isFalse();
            verifyPin1();
            card.reset();
            assertThat(card.isVerified(PIN1)).isFalse();
            verifyPin1();
            card.powerOff();
            card.powerOn();
            assertThat(card.isVerified(PIN1)).isFalse();
            verifyPin1();
            assertThat(sw("00A4080C 04 50004331")).as("selecting a file keeps the status").isEqualTo("9000");
            assertThat(card.isVerified(PIN1)).isTrue();
        }

        @Test
        void neverThrowsWhateverItIsSent() {
            for (String hex : new String[] {"", "00", "0000", "000000", "FFFFFFFF", "002A9E9A", "0088000000", "00C0000000"}) {
                byte[] r = card.process(Hex.decode(hex));
                assertThat(r).as(hex).hasSize(2);
            }
        }
    }

    @Nested
    class BcdPins {
        @Test
        void format2BlocksAreComparedAndChecked() {
            CardImage image = new CardImage(CardSettings.builder(Hex.decode("3B80800101")).build(), DedicatedFile.masterFile());
            ReferenceData pin = image.addPin(new ReferenceData(0x01, "PIN", PinFormat.bcdFormat2(), 4, 12, 3, -1, true));
            pin.personalise("123456".toCharArray(), true);
            VirtualCard bcd = new VirtualCard(image, i -> { });
            assertThat(Hex.plain(bcd.process(Hex.decode("00200001 08 26123456FFFFFFFF")))).isEqualTo("9000");
            assertThat(Hex.plain(bcd.process(Hex.decode("00200001 08 26123457FFFFFFFF")))).isEqualTo("63C2");
            assertThat(Hex.plain(bcd.process(Hex.decode("00240101 08 2398765FFFFFFFFF")))).as("verified: new only").isEqualTo("6A80");
            assertThat(Hex.plain(bcd.process(Hex.decode("00200001 08 26123456FFFFFFFF")))).isEqualTo("9000");
            assertThat(Hex.plain(bcd.process(Hex.decode("00240101 08 249876FFFFFFFFFF")))).isEqualTo("9000");
            assertThat(Hex.plain(bcd.process(Hex.decode("00200001 08 249876FFFFFFFFFF")))).isEqualTo("9000");
            assertThat(PinFormat.bcdFormat2().digitCount(Hex.decode("241234FFFFFFFFFF"), 0)).isEqualTo(4);
            assertThat(PinFormat.bcdFormat2().digitCount(Hex.decode("2412A4FFFFFFFFFF"), 0)).as("not a digit").isEqualTo(-1);
            assertThat(PinFormat.bcdFormat2().digitCount(Hex.decode("241234F1FFFFFFFF"), 0)).as("digit after padding").isEqualTo(-1);
        }
    }
}
