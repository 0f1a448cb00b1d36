"""The browser side of "When training goes wrong": controls and the chapter class."""
