"""URL converters from a path segment to its dataset: ``projects`` (API), ``projekte`` (beside the page)."""

from regionportal.opendata.datasets import DATASETS, Dataset


class DatasetConverter:
    """``<dataset:…>`` in the API: the dataset's slug."""

    key = "slug"

    def __init__(self):
        self.datasets = {getattr(dataset, self.key): dataset for dataset in DATASETS}
        self.slugs = {dataset.slug: dataset for dataset in DATASETS}
        self.regex = "|".join(self.datasets)

    def to_python(self, value):
        return self.datasets[value]

    def to_url(self, value):
        """A dataset or its slug, so templates can write ``dataset="projects"``."""
        dataset = value if isinstance(value, Dataset) else self.slugs.get(value)
        if dataset is None:
            raise ValueError(f"Unknown dataset {value!r}.")
        return getattr(dataset, self.key)


class DatasetPathConverter(DatasetConverter):
    """``<dataset_path:…>`` beside the list pages: the page's path, e.g. ``projekte`` for ``projects``."""

    key = "path"


class ExportFormatConverter:
    regex = "csv|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
