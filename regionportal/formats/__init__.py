"""The portal's own date and number formats per language (``FORMAT_MODULE_PATH``), over Django's."""
