export default function NotFound() {
  return (
    <main id="main" className="home">
      <h1>Page not found</h1>
      <p className="lede">There is no page at this address. The guide starts on the home page.</p>
      <p>
        <a className="button primary" href="/">
          Go to the home page
        </a>
      </p>
    </main>
  );
}
