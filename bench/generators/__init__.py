"""Composable generators of scale data. Each module adds one layer (organizations and
staff now; documents, obligations and applications later) and takes what the layers
before it returned."""
