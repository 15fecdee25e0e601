"""Maklumat: keeps an immigration office's published service promise."""
