// Starts Swagger UI on /api/docs (a static file: the CSP forbids inline scripts).
window.addEventListener("load", function () {
  var container = document.getElementById("swagger-ui-container");
  window.ui = SwaggerUIBundle({
    url: container.dataset.specUrl,
    dom_id: "#swagger-ui-container",
  });
});
