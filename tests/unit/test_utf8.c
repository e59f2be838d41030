/*
 * test_utf8.c — core/utf8: strict decoding (overlong, surrogates, range,
 * truncation), encoding round trips, prefixes at character boundaries.
 */
#include "unit.h"
#include "core/utf8.h"

static void test_decode_valid(void **state)
{
	uint32_t cp = 0;

	(void)state;
	assert_int_equal(utf8_decode("A", 1, &cp), 1);
	assert_int_equal(cp, 'A');
	assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);	/* é */
	assert_int_equal(cp, 0xE9);
	assert_int_equal(utf8_decode("\xE8\x8A\xAF", 3, &cp), 3);	/* 芯 */
	assert_int_equal(cp, 0x82AF);
	assert_int_equal(utf8_decode("\xF0\xA0\x80\x80", 4, &cp), 4);
	assert_int_equal(cp, 0x20000);
	assert_int_equal(utf8_decode("\xF4\x8F\xBF\xBF", 4, &cp), 4);
	assert_int_equal(cp, 0x10FFFF);
	/* NUL is a character like any other */
	assert_int_equal(utf8_decode("\0x", 2, &cp), 1);
	assert_int_equal(cp, 0);
}

static void test_decode_invalid(void **state)
{
	uint32_t cp = 12345;

	(void)state;
	assert_int_equal(utf8_decode("", 0, &cp), 0);
	assert_int_equal(utf8_decode("\x80", 1, &cp), 0);	/* lone continuation */
	assert_int_equal(utf8_decode("\xC0\x80", 2, &cp), 0);	/* overlong NUL */
	assert_int_equal(utf8_decode("\xC1\xBF", 2, &cp), 0);	/* overlong */
	assert_int_equal(utf8_decode("\xE0\x80\xAF", 3, &cp), 0); /* overlong / */
	assert_int_equal(utf8_decode("\xF0\x8F\xBF\xBF", 4, &cp), 0); /* overlong */
	assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* U+D800 */
	assert_int_equal(utf8_decode("\xED\xBF\xBF", 3, &cp), 0); /* U+DFFF */
	assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* > 10FFFF */
	assert_int_equal(utf8_decode("\xF5\x80\x80\x80", 4, &cp), 0);
	assert_int_equal(utf8_decode("\xFF", 1, &cp), 0);
	/* truncated: the length, not a NUL, is the end */
	assert_int_equal(utf8_decode("\xE8\x8A\xAF", 2, &cp), 0);
	assert_int_equal(utf8_decode("\xE8\x8A", 2, &cp), 0);
	assert_int_equal(utf8_decode("\xE8\x8A" "A", 3, &cp), 0);
	assert_int_equal(utf8_decode("\xF0\xA0\x80", 3, &cp), 0);
	assert_int_equal(cp, 12345);	/* untouched on failure */
}

static void test_valid(void **state)
{
	(void)state;
	assert_int_equal(utf8_valid("", 0), 1);
	assert_int_equal(utf8_valid(NULL, 0), 1);
	assert_int_equal(utf8_valid("abc 芯片 é", strlen("abc 芯片 é")), 1);
	assert_int_equal(utf8_valid("ab\xC3", 3), 0);
	assert_int_equal(utf8_valid("\xED\xA0\x80", 3), 0);
	assert_int_equal(utf8_valid("a\0b", 3), 1);
}

static void test_encode(void **state)
{
	char out[4];
	uint32_t cp, back;
	size_t n;

	(void)state;
	assert_int_equal(utf8_encode('A', out), 1);
	assert_int_equal(out[0], 'A');
	assert_int_equal(utf8_encode(0xD800, out), 0);
	assert_int_equal(utf8_encode(0xDFFF, out), 0);
	assert_int_equal(utf8_encode(0x110000, out), 0);
	assert_int_equal(utf8_encode(0x82AF, out), 3);
	assert_memory_equal(out, "\xE8\x8A\xAF", 3);
	/* every scalar value round-trips */
	for (cp = 0; cp <= 0x10FFFF; cp++) {
		if (cp >= 0xD800 && cp <= 0xDFFF)
			continue;
		n = utf8_encode(cp, out);
		assert_true(n >= 1 && n <= 4);
		assert_int_equal(utf8_decode(out, n, &back), n);
		assert_int_equal(back, cp);
	}
}

static void test_prefix_and_chars(void **state)
{
	const char *s = "a芯片b";	/* 1 + 3 + 3 + 1 bytes */

	(void)state;
	assert_int_equal(utf8_chars(s, 8), 4);
	assert_int_equal(utf8_prefix(s, 8, 0), 0);
	assert_int_equal(utf8_prefix(s, 8, 1), 1);
	assert_int_equal(utf8_prefix(s, 8, 2), 4);
	assert_int_equal(utf8_prefix(s, 8, 3), 7);
	assert_int_equal(utf8_prefix(s, 8, 4), 8);
	assert_int_equal(utf8_prefix(s, 8, 100), 8);
	/* a cut inside a truncated sequence: each bad byte counts as one */
	assert_int_equal(utf8_chars("\xE8\x8A", 2), 2);
	assert_int_equal(utf8_prefix("\xE8\x8A", 2, 1), 1);
	assert_int_equal(utf8_chars("", 0), 0);
	/* never past len even when the text goes on */
	assert_int_equal(utf8_prefix("芯片", 4, 2), 4);
	assert_int_equal(utf8_chars("芯片", 4), 2);	/* 芯 + one bad byte */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_valid),
		cmocka_unit_test(test_decode_invalid),
		cmocka_unit_test(test_valid),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_prefix_and_chars),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
