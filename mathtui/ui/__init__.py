"""The Textual TUI.  Importing this package never imports TensorFlow."""
