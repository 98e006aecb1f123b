"""E-mail notices about reports. Filled in below by the notice and reminder functions."""
