/*
 * normalize.h — per-code-point folding and character classes for the text
 * engine.  The tokenizer folds every character before it looks at it, so
 * that "ＸＲＤ", "XRD" and "xrd", or "電鏡" and "电镜", are the same token.
 *
 * text_fold() does, in this order:
 *  - full-width ASCII forms U+FF01..FF5E to ASCII;
 *  - ideographic space U+3000, NBSP and the other Unicode spaces, and the
 *    zero-width characters (ZWSP, ZWNJ, ZWJ, WJ, BOM) to U+0020;
 *  - letters to lower case: ASCII, Latin-1, Latin Extended-A, the regular
 *    pairs of Latin Extended-B and Latin Extended Additional (Vietnamese),
 *    Greek and Cyrillic.  Accents are kept: "É" becomes "é", not "e";
 *  - traditional Chinese characters to simplified ones.
 *
 * Traditional→simplified data comes from OpenCC, never from a table of our
 * own.  On first use (pthread_once) the module loads OpenCC's character
 * dictionary: the text form /usr/share/opencc/TSCharacters.txt when it
 * exists ("trad<TAB>simp [alternatives]" — the first candidate is taken),
 * otherwise Debian's binary TSCharacters.ocd2 through libopencc's t2s
 * converter, asked once for every CJK ideograph.  Only mappings from one
 * code point to one other code point are kept, in a sorted array (about
 * 4,100 entries, 32 KiB) with a bitmap in front for the BMP.  If no data
 * can be found, traditional characters simply stay as they are; nothing is
 * logged.  The table lives until the process exits (it stays reachable, so
 * LeakSanitizer does not report it).
 *
 * All functions are thread-safe and never fail.
 */
#ifndef TEXT_NORMALIZE_H
#define TEXT_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Loads the traditional→simplified table if that has not happened yet
 * (text_fold() does it by itself on the first Han character; call this to
 * pay the cost, about 30 ms, at start-up instead).  Returns 0 if the table
 * holds mappings, -1 if no OpenCC data was found (folding still works for
 * everything else).
 */
int text_normalize_init(void);

/* Number of traditional→simplified mappings loaded (0 without OpenCC data). */
size_t text_normalize_table_size(void);

/* Returns the folded form of cp (see above); any other cp is returned as is. */
uint32_t text_fold(uint32_t cp);

/*
 * 1 if cp is a CJK ideograph: the unified ideographs and extension A, the
 * supplementary-plane extensions B..H, the compatibility ideographs (both
 * blocks) and U+3007 IDEOGRAPHIC NUMBER ZERO; else 0.
 */
int text_is_han(uint32_t cp);

/* 1 if cp is Hiragana, Katakana (incl. half-width) or Hangul; else 0. */
int text_is_kana_hangul(uint32_t cp);

/*
 * 1 if the FOLDED code point cp belongs inside a word: ASCII letters and
 * digits, Latin letters of Latin-1 and the Latin Extended blocks, Greek and
 * Cyrillic letters, and combining diacritical marks (U+0300..036F).
 */
int text_is_word(uint32_t cp);

/* 1 if the FOLDED code point cp is white space (space, \t \n \v \f \r). */
int text_is_space(uint32_t cp);

#endif
