"""The book as a PDF through Sphinx's Japanese LaTeX (``nox -s pdf``)."""
