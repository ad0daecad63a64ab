"""The masterplan books (Buku 1 analysis, Buku 2 masterplan) as DOCX and PDF.

``content`` gathers the masterplan once into plain blocks; ``docx_builder`` and ``pdf_builder`` turn the
same blocks into files; ``tasks`` runs a build in the background for a ``DocumentJob``.
"""
