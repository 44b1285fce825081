import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App, preloadRoute } from "./App.js";
import { setApiLanguage } from "./api.js";
import { initialLocale } from "./i18n.js";
import { currentLocation } from "./router.js";
import "./styles.css";

// The first screen's reads start now, in the language the app will show (the provider sets the same one).
setApiLanguage(initialLocale());
const here = currentLocation();
preloadRoute(here.path, here.query);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
