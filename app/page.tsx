export default function Home() { return <main><h1>Onramp</h1></main>; }
