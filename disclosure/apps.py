from django.apps import AppConfig

from contributions.declare import DemoLoader, MenuEntry


class DisclosureConfig(AppConfig):
    name = "disclosure"
    verbose_name = "公开内容页面"

    demo_loader = (
        # The first unit's demo towns (and any demo city): deleted last, with everything in them.
        DemoLoader("load_demo_units", order=5),
        # The demo publications every other demo files into its columns.
        DemoLoader("load_demo_publications", order=10),
    )
    menu_entries = (
        MenuEntry("栏目", "columns:column-tree", order=10, nav="columns"),
        MenuEntry("搜索", "catalogue:search", order=90, nav="search"),
    )
