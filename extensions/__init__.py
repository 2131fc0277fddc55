"""copier-archdocs extensions: the knowledge catalog and the model the templates read."""
