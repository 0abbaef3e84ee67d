#include "../src/rules.h"

const rl_rule rl_rule_psk_malformed = {
	.code = "RL204",
	.name = "psk-malformed",
	.severity = RL_SEV_WARNING,
	.scope = RL_SCOPE_FILE,
	.summary = "a psk.txt line racoon reads differently from what it seems to say",
	.explain =
		"racoon has no real parser for psk.txt: it takes the bytes up to the\n"
		"first white space as the identifier and everything after the\n"
		"separator, up to the newline, as the key. So a key keeps trailing\n"
		"blanks and the CR of a CRLF line ending, quotes and a '# note' are part\n"
		"of the key, an indented line has an empty identifier and never\n"
		"matches, an indented '#' is no comment, a line with an identifier but\n"
		"no key is skipped, a line longer than 1023 bytes is cut in two, a line\n"
		"after a '*' entry is never reached, and an address identifier only\n"
		"matches when it is written exactly as racoon prints the peer's address\n"
		"(no leading zeros, compressed lower-case IPv6). None of these stops\n"
		"racoon; each makes a key lookup miss or use a different secret than the\n"
		"peer's, which shows up as a failed phase 1 with no hint why.\n"
		"\n"
		"Bad (an indented line, an address with leading zeros, a quoted key):\n"
		"\n"
		"    \t192.0.2.7    first-secret\n"
		"    192.000.002.008    second-secret\n"
		"    gw.example.org     \"third secret\"\n"
		"\n"
		"Good:\n"
		"\n"
		"    192.0.2.7          first-secret\n"
		"    192.0.2.8          second-secret\n"
		"    gw.example.org     third secret\n",
	.check = 0,
};
