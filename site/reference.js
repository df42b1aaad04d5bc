// Renders the API reference from the OpenAPI document built beside this page (same origin, no CDN).
Redoc.init(
  "openapi.json",
  {
    expandResponses: "200,201",
    hideHostname: false,
    requiredPropsFirst: true,
    sortPropsAlphabetically: false,
  },
  document.getElementById("redoc"),
);
