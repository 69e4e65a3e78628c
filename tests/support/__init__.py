"""Helpers the tests share: HTML read with a parser, the guide's rows, the account clock, viewers."""
