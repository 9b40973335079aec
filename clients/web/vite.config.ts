import { defineConfig } from "vite";

// The app is served by clinicd from its HTTP listener, on the same origin as
// the Connect API. `npm run dev` serves it from Vite instead, passing API
// calls on to a running clinicd (CLINICD_HTTP, default its 127.0.0.1:8080).
const clinicd = `http://${process.env.CLINICD_HTTP ?? "127.0.0.1:8080"}`;

export default defineConfig({
  oxc: {
    jsx: { runtime: "automatic", importSource: "preact" },
  },
  build: {
    // Every file the app needs ships with it: no fonts, scripts or styles
    // from elsewhere (clinicd's Content-Security-Policy allows only 'self').
    assetsInlineLimit: 0,
    // No source maps shipped: clinicd would serve them to anyone, and they
    // are five times the app.
    sourcemap: false,
    target: "es2022",
  },
  server: {
    proxy: {
      "/clinic.v1.": {
        target: clinicd,
        changeOrigin: true,
        // clinicd serves only its own origin: the dev server speaks for
        // the page as if clinicd had served it.
        configure: (proxy) =>
          proxy.on("proxyReq", (request) => request.setHeader("origin", clinicd)),
      },
    },
  },
});
