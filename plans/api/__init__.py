"""A read-mostly JSON API: plans, actions and their RAG history; new ratings are appended."""
