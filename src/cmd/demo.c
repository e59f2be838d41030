/*
 * demo.c — `shenrong demo`: placeholder until the generator lands.
 */
#include "cmd/cmd.h"
#include "core/banned.h"

int cmd_demo(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return cli_fail(1, "demo", "not yet");
}
