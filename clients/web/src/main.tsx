import { render } from "preact";
import "@picocss/pico/css/pico.min.css";
import "./styles.css";
import { App } from "./app/app";

render(<App />, document.getElementById("app")!);
