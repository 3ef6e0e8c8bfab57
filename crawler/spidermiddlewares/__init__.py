"""linktrail's spider middlewares, one module per component (as ``scrapy.spidermiddlewares``)."""
