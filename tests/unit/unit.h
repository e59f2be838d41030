/* Common include for the cmocka unit tests: cmocka needs these first. */
#ifndef UNIT_H
#define UNIT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#endif
