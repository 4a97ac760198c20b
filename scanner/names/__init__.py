"""The person-name model: tokens and features (features.py), word lists (lexicon.py), the trained model (model.py)."""
